import { describe, expect, it } from 'vitest';
import { checkDeferral, deferralEnd, describeDeferral, shownStatus } from '../subgraphs/records/deferral.js';
import { basisOfDecision, DEFAULT_POLICIES, decideReport, decideTolerance, inForce } from '../subgraphs/records/tolerance.js';

const record = (category: string, decisionDate = '2020-03-10', rectificationDeadline: string | null = null) => ({
  category,
  decisionDate,
  subjectIsPerson: false,
  rectificationDeadline,
});
const forceMajeure = { cause: 'FORCE_MAJEURE', evidence: '海关出具的航班取消证明' };
const prevention = { cause: 'TOOK_PART_IN_EPIDEMIC_PREVENTION', evidence: '指挥部征用生产线的通知' };

describe('tolerance engine (包容审慎)', () => {
  it('exempts a force-majeure contract default during the emergency, naming the policy', () => {
    const decision = decideTolerance(forceMajeure, record('CONTRACT_DEFAULT'), DEFAULT_POLICIES, null, '2020-03-15');
    expect(decision).toMatchObject({ outcome: 'EXEMPT', policyId: 'N9-FORCE-MAJEURE-EXEMPT', article: 9 });
    expect(decision.explanation).toContain('免予认定为失信行为');
  });

  it('exempts delays caused by taking part in epidemic prevention', () => {
    expect(decideTolerance(prevention, record('DELIVERY_DELAY'), DEFAULT_POLICIES, null, '2020-03-15').policyId).toBe(
      'N9-PREVENTION-EXEMPT',
    );
  });

  it('defers a force-majeure delivery delay and extends its rectification period when it has one', () => {
    // The seeded deferral: three months after the end of the emergency, not known yet.
    const decision = decideTolerance(
      forceMajeure,
      record('DELIVERY_DELAY', '2020-03-10', '2020-04-10'),
      DEFAULT_POLICIES,
      null,
      '2020-03-15',
    );
    expect(decision).toMatchObject({
      outcome: 'DEFER_REPORTING',
      deferredUntil: null,
      deferral: { months: 3, after: 'EMERGENCY_END' },
      extendedByDays: 30,
      claimedOn: '2020-03-15',
    });
    expect(decision.explanation).toContain('疫情应急响应尚未结束');
    const ended = decideTolerance(forceMajeure, record('DELIVERY_DELAY', '2020-03-10'), DEFAULT_POLICIES, '2020-05-01', '2020-03-15');
    expect(ended).toMatchObject({ outcome: 'DEFER_REPORTING', deferredUntil: '2020-08-01' });
    expect(ended.explanation).toContain('暂缓信息报送至2020-08-01（疫情应急响应结束后3个月）');
  });

  it('counts a deferral from the act, the claim or the end of the emergency, or until a date', () => {
    const dates = { act: '2026-01-31', claim: '2026-02-10', emergencyEnd: null };
    expect(deferralEnd({ until: '2026-06-30' }, dates)).toBe('2026-06-30');
    expect(deferralEnd({ months: 1, after: 'ACT' }, dates)).toBe('2026-02-28');
    expect(deferralEnd({ days: 30, after: 'CLAIM' }, dates)).toBe('2026-03-12');
    expect(deferralEnd({ months: 1, days: 1, after: 'CLAIM' }, dates)).toBe('2026-03-11');
    expect(deferralEnd({ days: 10, after: 'EMERGENCY_END' }, dates)).toBeNull();
    expect(deferralEnd({ days: 10, after: 'EMERGENCY_END' }, { ...dates, emergencyEnd: '2026-03-31' })).toBe('2026-04-10');
    expect(describeDeferral({ after: 'EMERGENCY_END' })).toBe('疫情应急响应结束时');
  });

  it('checks the deferral the credit office sets', () => {
    expect(checkDeferral({ until: '2026-12-31' })).toEqual({ deferral: { until: '2026-12-31' } });
    expect(checkDeferral({ days: 0, after: 'EMERGENCY_END' })).toEqual({ deferral: { after: 'EMERGENCY_END' } });
    expect(checkDeferral({ until: '2026-02-30' })).toMatchObject({ problem: { field: 'deferral.until' } });
    expect(checkDeferral({ days: 0, after: 'ACT' })).toMatchObject({ problem: { field: 'deferral' } });
    expect(checkDeferral({ months: 200, after: 'ACT' })).toMatchObject({ problem: { field: 'deferral.months' } });
    expect(checkDeferral({ days: 5, after: 'TOMORROW' })).toMatchObject({ problem: { field: 'deferral.after' } });
  });

  it('shows a deferral ended on its last day as ACTIVE, and one with no date yet as DEFERRED', () => {
    expect(shownStatus({ status: 'DEFERRED', deferredUntil: '2026-11-09' }, '2026-11-08')).toBe('DEFERRED');
    expect(shownStatus({ status: 'DEFERRED', deferredUntil: '2026-11-09' }, '2026-11-09')).toBe('ACTIVE');
    expect(shownStatus({ status: 'DEFERRED', deferredUntil: null }, '2099-01-01')).toBe('DEFERRED');
    expect(shownStatus({ status: 'EXEMPTED', deferredUntil: null }, '2026-11-09')).toBe('EXEMPTED');
  });

  it('keeps a decision through a correction that does not change its basis, and decides afresh as of the original claim otherwise', () => {
    const basis = {
      subjectId: 'S',
      category: 'LATE_TAX',
      decisionDate: '2020-04-20',
      claim: forceMajeure,
      hasRectificationDeadline: false,
      subjectIsPerson: false,
      rectificationDeadline: null,
    };
    const original = decideReport(basis, null, DEFAULT_POLICIES, null, '2020-04-25', () => '2020-04-25')!;
    expect(original).toMatchObject({ outcome: 'EXEMPT', claimedOn: '2020-04-25' });
    const previous = { basis: basisOfDecision(basis, original), decision: original, reportedAt: new Date('2020-04-25T02:00:00Z') };
    // After the end (2020-05-01), on 2020-06-01: unchanged basis keeps the very decision.
    expect(decideReport(basis, previous, DEFAULT_POLICIES, '2020-05-01', '2020-06-01', () => '2020-04-25')).toBe(original);
    // The act moved inside the window: decided again as of the claim of 2020-04-25, still exempt.
    expect(
      decideReport({ ...basis, decisionDate: '2020-04-21' }, previous, DEFAULT_POLICIES, '2020-05-01', '2020-06-01', () => '2020-04-25'),
    ).toMatchObject({ outcome: 'EXEMPT', claimedOn: '2020-04-25' });
    // Moved past the end: an ordinary record.
    expect(
      decideReport({ ...basis, decisionDate: '2020-05-02' }, previous, DEFAULT_POLICIES, '2020-05-01', '2020-06-01', () => '2020-04-25'),
    ).toMatchObject({ outcome: 'NONE' });
    // A decision made before claimedOn was kept: the day the record was first reported stands for it.
    const { claimedOn: _, ...legacy } = original;
    expect(
      decideReport(
        { ...basis, decisionDate: '2020-04-21' },
        { ...previous, decision: legacy },
        DEFAULT_POLICIES,
        '2020-05-01',
        '2020-06-01',
        () => '2020-04-25',
      ),
    ).toMatchObject({ outcome: 'EXEMPT' });
    // The claim withdrawn: no decision.
    expect(decideReport({ ...basis, claim: null }, previous, DEFAULT_POLICIES, '2020-05-01', '2020-06-01', () => '2020-04-25')).toBeNull();
  });

  it('extends the rectification period of a force-majeure reopening non-compliance', () => {
    const decision = decideTolerance(
      forceMajeure,
      record('REOPENING_NONCOMPLIANCE', '2020-03-10', '2020-03-25'),
      DEFAULT_POLICIES,
      null,
      '2020-03-15',
    );
    expect(decision).toMatchObject({ outcome: 'EXTEND_RECTIFICATION', extendedByDays: 30 });
    expect(decision.explanation).toContain('2020-04-24');
  });

  it('lapses when the emergency response ends: the end day is still inside, the day after is not', () => {
    expect(decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-01'), DEFAULT_POLICIES, '2020-05-01', '2020-05-01').outcome).toBe(
      'EXEMPT',
    );
    const after = decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-01'), DEFAULT_POLICIES, '2020-05-01', '2020-05-02');
    expect(after).toMatchObject({ outcome: 'NONE', policyId: null });
    expect(after.explanation).toContain('2020-05-01失效');
    expect(decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-02'), DEFAULT_POLICIES, '2020-05-01', '2020-05-01').outcome).toBe(
      'NONE',
    );
  });

  it('starts on the day of the first-level response, not before', () => {
    const [policy] = DEFAULT_POLICIES;
    expect(inForce(policy!, '2020-01-23', null)).toBe(false);
    expect(inForce(policy!, '2020-01-24', null)).toBe(true);
    expect(decideTolerance(forceMajeure, record('LATE_TAX', '2020-01-23'), DEFAULT_POLICIES, null, '2020-02-01').outcome).toBe('NONE');
  });

  it('decides claims outside its scope as ordinary records, saying why', () => {
    expect(decideTolerance(forceMajeure, record('PRICE_GOUGING'), DEFAULT_POLICIES, null, '2020-03-15')).toMatchObject({ outcome: 'NONE' });
    expect(decideTolerance(prevention, record('LATE_TAX'), DEFAULT_POLICIES, null, '2020-03-15')).toMatchObject({ outcome: 'NONE' });
    expect(
      decideTolerance(forceMajeure, { ...record('LOAN_REPAYMENT_DELAY'), subjectIsPerson: true }, DEFAULT_POLICIES, null, '2020-03-15')
        .explanation,
    ).toContain('自然人');
  });
});
