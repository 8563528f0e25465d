/** The incentives rule tables, one rule at a time: list entry and exit, supervision levels, points and reversals. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POINTS_RULES, planPoints, pointsLevel, type RecordLedger } from '../subgraphs/incentives/points.js';
import { deriveSupervision, desiredMemberships, liftReason, type RecordFact } from '../subgraphs/incentives/rules.js';

const TODAY = '2026-11-26';
let n = 0;
function record(overrides: Partial<RecordFact>): RecordFact {
  n += 1;
  return {
    recordId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    subjectId: '91320585MA1XXXXXXX',
    subjectIsPerson: false,
    category: 'PRICE_GOUGING',
    categoryLabel: '哄抬物价',
    kind: 'ADMINISTRATIVE_PENALTY',
    severity: 'SERIOUS',
    status: 'ACTIVE',
    decisionDate: '2026-03-01',
    effectUntil: '2029-02-28',
    ...overrides,
  };
}
const lists = (records: RecordFact[]) =>
  desiredMemberships(records, TODAY)
    .map((d) => d.list)
    .sort();

describe('list entry rules', () => {
  it('puts a serious price gouger on the joint-punishment list until its record stops counting', () => {
    const gouging = record({});
    expect(desiredMemberships([gouging], TODAY)).toEqual([
      expect.objectContaining({
        list: 'JOINT_PUNISHMENT',
        recordId: gouging.recordId,
        until: '2029-02-28',
        since: '2026-03-01',
        reason: expect.stringContaining('联合惩戒'),
      }),
    ]);
  });

  it('does not jointly punish general records, nor serious ones outside the §3/§10/§13 categories', () => {
    expect(lists([record({ severity: 'GENERAL' })])).toEqual([]);
    expect(lists([record({ category: 'LATE_TAX', kind: 'DISHONEST_CONDUCT' })])).toEqual([]);
  });

  it('puts reopening non-compliance on key attention whatever its severity, and serious cases on both lists', () => {
    expect(lists([record({ category: 'REOPENING_NONCOMPLIANCE', kind: 'DISHONEST_CONDUCT', severity: 'GENERAL' })])).toEqual([
      'KEY_ATTENTION',
    ]);
    expect(lists([record({ category: 'NO_DISINFECTION', kind: 'DISHONEST_CONDUCT', severity: 'SERIOUS' })])).toEqual([
      'JOINT_PUNISHMENT',
      'KEY_ATTENTION',
    ]);
  });

  it('makes honours and aid to Hubei exemplary (red list) for two years, but not while a negative record counts', () => {
    const honour = record({ category: 'HONOR_AWARD', kind: 'HONOR', severity: null, effectUntil: null, decisionDate: '2026-02-10' });
    const aid = record({ category: 'MEDICAL_AID_HUBEI', kind: 'HONEST_CONDUCT', severity: null, effectUntil: null });
    expect(desiredMemberships([honour], TODAY)).toEqual([expect.objectContaining({ list: 'RED', until: '2028-02-10' })]);
    expect(lists([aid])).toEqual(['RED']);
    expect(lists([record({ category: 'DONATION', kind: 'HONEST_CONDUCT', severity: null, effectUntil: null })])).toEqual([]);
    expect(lists([honour, record({ severity: 'MINOR', category: 'PRICE_NOT_MARKED' })])).toEqual([]);
    expect(lists([honour, record({ severity: 'MINOR', category: 'PRICE_NOT_MARKED', effectUntil: '2026-11-25' })])).toEqual(['RED']);
    // Back on the red list from the day the negative record stopped counting, not from the honour's date.
    expect(
      desiredMemberships([honour, record({ severity: 'MINOR', category: 'PRICE_NOT_MARKED', effectUntil: '2026-11-25' })], TODAY)[0]!.since,
    ).toBe('2026-11-26');
    expect(lists([honour, record({ status: 'REPAIRED' })])).toEqual(['RED']);
  });
});

describe('list exit rules', () => {
  it.each([
    ['REPAIRED', '信用修复完成，移出名单'],
    ['WITHDRAWN', '记录已撤销，移出名单'],
    ['EXEMPTED', '依据包容审慎政策免予认定失信，移出名单'],
    ['DEFERRED', '依据包容审慎政策暂缓报送，移出名单'],
  ])('lifts the consequences of a %s record, saying why', (status, reason) => {
    const lifted = record({ status });
    expect(desiredMemberships([lifted], TODAY)).toEqual([]);
    expect(liftReason('JOINT_PUNISHMENT', lifted)).toBe(reason);
  });

  it('keeps consequences of a disputed record until the objection is resolved', () => {
    expect(lists([record({ status: 'DISPUTED' })])).toEqual(['JOINT_PUNISHMENT']);
  });

  it('says a red-list exit was caused by a negative record, and a correction by the rule no longer met', () => {
    expect(liftReason('RED', record({ kind: 'HONOR', category: 'HONOR_AWARD' }))).toBe('存在有效失信记录，移出诚信典型名单');
    expect(liftReason('JOINT_PUNISHMENT', record({ severity: 'GENERAL' }))).toBe('记录经更正后不再符合列入条件，移出名单');
  });
});

describe('supervision levels', () => {
  it.each([
    [['JOINT_PUNISHMENT', 'RED'], 0, 'D'],
    [['JOINT_PUNISHMENT'], 2, 'D'],
    [['KEY_ATTENTION'], 0, 'C'],
    [[], 1, 'C'],
    [['RED'], 1, 'C'],
    [['RED'], 0, 'A'],
    [[], 0, 'B'],
  ])('lists %j with %i counting negative records give level %s', (active, negatives, level) => {
    const assessment = deriveSupervision(active, negatives);
    expect(assessment.level).toBe(level);
    expect(assessment.reason.length).toBeGreaterThan(0);
    expect(assessment.inspection.length).toBeGreaterThan(0);
  });
});

const person = (overrides: Partial<RecordFact>) =>
  record({ subjectIsPerson: true, subjectId: 'P-0123456789abcdef0123456789abcdef', ...overrides });
const book = (ledger: RecordLedger, entry: ReturnType<typeof planPoints>): RecordLedger =>
  entry ? { sum: ledger.sum + entry.delta, basis: entry.entryKind === 'REVERSAL' ? ledger.basis : entry.basis } : ledger;
const EMPTY: RecordLedger = { sum: 0, basis: null };

describe('Loucheng credit points', () => {
  it('awards honest conduct and deducts dishonesty by the rule table, for persons only', () => {
    expect(
      planPoints(person({ category: 'MEDICAL_AID_HUBEI', kind: 'HONEST_CONDUCT', severity: null }), EMPTY, DEFAULT_POINTS_RULES),
    ).toMatchObject({ delta: 50, entryKind: 'AWARD' });
    expect(planPoints(person({}), EMPTY, DEFAULT_POINTS_RULES)).toMatchObject({
      delta: -100,
      entryKind: 'DEDUCTION',
      reason: '失信扣分：哄抬物价',
    });
    expect(planPoints(record({}), EMPTY, DEFAULT_POINTS_RULES)).toBeNull();
    expect(
      planPoints(person({ category: 'PRICE_SELF_DISCIPLINE', kind: 'COMMITMENT', severity: null }), EMPTY, DEFAULT_POINTS_RULES),
    ).toBeNull();
    expect(planPoints(person({ status: 'EXEMPTED' }), EMPTY, DEFAULT_POINTS_RULES)).toBeNull();
  });

  it('reverses a repaired or withdrawn record once, and a replay books nothing', () => {
    const active = person({});
    const booked = book(EMPTY, planPoints(active, EMPTY, DEFAULT_POINTS_RULES));
    expect(planPoints(active, booked, DEFAULT_POINTS_RULES)).toBeNull();
    const reversal = planPoints({ ...active, status: 'REPAIRED' }, booked, DEFAULT_POINTS_RULES);
    expect(reversal).toMatchObject({ delta: 100, entryKind: 'REVERSAL', reason: '冲正：记录已完成信用修复' });
    expect(planPoints({ ...active, status: 'REPAIRED' }, book(booked, reversal), DEFAULT_POINTS_RULES)).toBeNull();
    expect(planPoints({ ...active, status: 'WITHDRAWN' }, booked, DEFAULT_POINTS_RULES)).toMatchObject({
      delta: 100,
      reason: '冲正：记录已撤销',
    });
  });

  it('re-prices a corrected severity, and never re-prices a booked record when the table changes', () => {
    const serious = person({});
    const booked = book(EMPTY, planPoints(serious, EMPTY, DEFAULT_POINTS_RULES));
    expect(planPoints({ ...serious, severity: 'GENERAL' }, booked, DEFAULT_POINTS_RULES)).toMatchObject({
      delta: 70,
      entryKind: 'ADJUSTMENT',
    });
    expect(planPoints(serious, booked, { ...DEFAULT_POINTS_RULES, NEGATIVE_SERIOUS: -200 })).toBeNull();
  });

  it('ends at what the record counts now after any sequence of changes, and a replay books nothing', () => {
    const change = fc.record({
      status: fc.constantFrom('ACTIVE', 'DISPUTED', 'REPAIRED', 'WITHDRAWN', 'EXEMPTED', 'DEFERRED'),
      severity: fc.constantFrom('MINOR', 'GENERAL', 'SERIOUS'),
    });
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), (changes) => {
        let ledger = EMPTY;
        const base = person({});
        for (const c of changes) ledger = book(ledger, planPoints({ ...base, ...c }, ledger, DEFAULT_POINTS_RULES));
        const last = { ...base, ...changes.at(-1)! };
        const counts = last.status === 'ACTIVE' || last.status === 'DISPUTED';
        expect(ledger.sum).toBe(counts ? DEFAULT_POINTS_RULES[`NEGATIVE_${last.severity}`] : 0);
        expect(planPoints(last, ledger, DEFAULT_POINTS_RULES)).toBeNull();
      }),
    );
  });

  it('names levels by balance', () => {
    expect([150, 100, 30, 0, -1].map(pointsLevel)).toEqual(['优秀', '优秀', '良好', '一般', '较差']);
  });
});
