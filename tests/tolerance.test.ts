import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICIES, decideTolerance, inForce } from '../subgraphs/records/tolerance.js';

const record = (category: string, decisionDate = '2020-03-10', rectificationDeadline: string | null = null) => ({ category, decisionDate, subjectIsPerson: false, rectificationDeadline });
const forceMajeure = { cause: 'FORCE_MAJEURE', evidence: '海关出具的航班取消证明' };
const prevention = { cause: 'TOOK_PART_IN_EPIDEMIC_PREVENTION', evidence: '指挥部征用生产线的通知' };

describe('tolerance engine (包容审慎)', () => {
  it('exempts a force-majeure contract default during the emergency, naming the policy', () => {
    const decision = decideTolerance(forceMajeure, record('CONTRACT_DEFAULT'), DEFAULT_POLICIES, null, '2020-03-15');
    expect(decision).toMatchObject({ outcome: 'EXEMPT', policyId: 'N9-FORCE-MAJEURE-EXEMPT', article: 9 });
    expect(decision.explanation).toContain('免予认定为失信行为');
  });

  it('exempts delays caused by taking part in epidemic prevention', () => {
    expect(decideTolerance(prevention, record('DELIVERY_DELAY'), DEFAULT_POLICIES, null, '2020-03-15').policyId).toBe('N9-PREVENTION-EXEMPT');
  });

  it('defers a force-majeure delivery delay and extends its rectification period when it has one', () => {
    const decision = decideTolerance(forceMajeure, record('DELIVERY_DELAY', '2020-03-10', '2020-04-10'), DEFAULT_POLICIES, null, '2020-03-15');
    expect(decision).toMatchObject({ outcome: 'DEFER_REPORTING', deferredUntil: '2020-06-30', extendedByDays: 30 });
  });

  it('extends the rectification period of a force-majeure reopening non-compliance', () => {
    const decision = decideTolerance(forceMajeure, record('REOPENING_NONCOMPLIANCE', '2020-03-10', '2020-03-25'), DEFAULT_POLICIES, null, '2020-03-15');
    expect(decision).toMatchObject({ outcome: 'EXTEND_RECTIFICATION', extendedByDays: 30 });
    expect(decision.explanation).toContain('2020-04-24');
  });

  it('lapses when the emergency response ends: the end day is still inside, the day after is not', () => {
    expect(decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-01'), DEFAULT_POLICIES, '2020-05-01', '2020-05-01').outcome).toBe('EXEMPT');
    const after = decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-01'), DEFAULT_POLICIES, '2020-05-01', '2020-05-02');
    expect(after).toMatchObject({ outcome: 'NONE', policyId: null });
    expect(after.explanation).toContain('2020-05-01失效');
    expect(decideTolerance(forceMajeure, record('LATE_TAX', '2020-05-02'), DEFAULT_POLICIES, '2020-05-01', '2020-05-01').outcome).toBe('NONE');
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
    expect(decideTolerance(forceMajeure, { ...record('LOAN_REPAYMENT_DELAY'), subjectIsPerson: true }, DEFAULT_POLICIES, null, '2020-03-15').explanation).toContain('自然人');
  });
});
