import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CATEGORY_CODES,
  categoriesReportableBy,
  categoryEntry,
  isNegativeKind,
  type CategoryEntry,
  type RecordKind,
} from '../subgraphs/records/catalogue.js';

// The notice 太信用办〔2020〕1号; the file wraps lines (and has markdown emphasis in places), so
// comparisons are made against the text with all whitespace removed.
const NOTICE_URL = new URL('../docs/notice-taixinyongban-2020-1.md', import.meta.url);
const notice = readFileSync(NOTICE_URL, 'utf8').replace(/\s+/g, '');

/** The text of measure n (from "n." to "n+1."), whitespace removed. */
function measure(n: number): string {
  const start = notice.search(new RegExp(`(?<![0-9])${n}\\.`));
  const next = n < 14 ? notice.slice(start + 2).search(new RegExp(`(?<![0-9])${n + 1}\\.`)) : -1;
  return next < 0 ? notice.slice(start) : notice.slice(start, start + 2 + next);
}

const EXPECTED_CODES = [
  'COUNTERFEIT_MEDICAL_GOODS',
  'COUNTERFEIT_FOOD_AND_DRUGS',
  'ILLEGAL_WILDLIFE_TRADE',
  'UNFAIR_COMPETITION',
  'EPIDEMIC_FALSE_ADVERTISING',
  'PRICE_NOT_MARKED',
  'PRICE_GOUGING',
  'HOARDING',
  'MONOPOLY_PRICING',
  'PROFITEERING',
  'REOPENING_NONCOMPLIANCE',
  'NO_HEALTH_MONITORING',
  'NO_DISINFECTION',
  'LABOUR_RELATIONS_VIOLATION',
  'CONCEALING_ILLNESS',
  'EVADING_QUARANTINE',
  'REFUSING_PREVENTION_DUTIES',
  'NOT_WEARING_MASK',
  'JOINING_GATHERINGS',
  'SPREADING_RUMOURS',
  'CONTRACT_DEFAULT',
  'DELIVERY_DELAY',
  'LOAN_REPAYMENT_DELAY',
  'LATE_TAX',
  'LATE_SOCIAL_INSURANCE',
  'MEDICAL_AID_HUBEI',
  'FRONTLINE_DUTY',
  'VOLUNTEER_SERVICE',
  'DONATION',
  'PRODUCTION_CONVERSION',
  'SUPPLY_TRANSPORT',
  'SUPPLY_CHAIN_RESTART',
  'LIVELIHOOD_SUPPLY',
  'HONOR_AWARD',
  'PRICE_SELF_DISCIPLINE',
  'REOPENING_COMMITMENT',
  'REPAIR_COMMITMENT',
];

// Member-unit directory, written out independently of the catalogue module.
const UNIT_IDS = [
  'credit-office',
  'market-regulation',
  'health',
  'public-security',
  'commerce',
  'hrss',
  'tax',
  'transport',
  'agriculture',
  'medical-security',
  'finance-regulation',
  'pboc-taicang',
  'civilization-office',
  'civil-affairs',
  'court',
];
const BANKS = ['bank-taicang-rural', 'bank-icbc-taicang'];

/** §4's duties of individuals: a person's own. */
const PERSONAL_CATEGORIES = ['EVADING_QUARANTINE', 'REFUSING_PREVENTION_DUTIES', 'NOT_WEARING_MASK', 'JOINING_GATHERINGS'];
/** §4's behaviours that §13 reports of 单位和个人: persons and organisations alike. */
const SECTION_13_BOTH = ['CONCEALING_ILLNESS', 'SPREADING_RUMOURS'];

// Labels that are short forms built from the notice's words rather than a verbatim phrase, each with
// the notice phrase it is built from. Any other label must occur verbatim in the notice.
const SHORT_FORM_LABELS: Record<string, string[]> = {
  REFUSING_PREVENTION_DUTIES: ['疫情防控义务'],
  NOT_WEARING_MASK: ['在公共场所佩戴口罩'],
  COUNTERFEIT_FOOD_AND_DRUGS: ['食品药品', '制假售假'],
  LATE_SOCIAL_INSURANCE: ['未及时纳税和缴纳社会保险费'],
  PRODUCTION_CONVERSION: ['转产、扩产', '疫情防控急缺医用物资'],
  REOPENING_COMMITMENT: ['复工复产', '承诺'],
  REPAIR_COMMITMENT: ['信用修复'],
};

const entry = (code: string) => {
  const e = categoryEntry(code);
  if (!e) throw new Error(`no catalogue entry ${code}`);
  return e;
};

describe('category catalogue', () => {
  it('reads the notice it is checked against', () => {
    expect(notice).toContain('太信用办〔2020〕1号');
    expect(measure(2)).toMatch(/^2\.加强价格领域信用管理/);
    expect(measure(14)).toMatch(/^14\.加强宣传和舆论引导/);
  });

  it('has the 37 codes exactly once, in catalogue order', () => {
    expect(CATEGORY_CODES).toEqual(EXPECTED_CODES);
    expect(CATEGORIES.map((e) => e.code)).toEqual(EXPECTED_CODES);
    expect(new Set(CATEGORY_CODES).size).toBe(37);
  });

  it('looks entries up by code', () => {
    expect(entry('PRICE_GOUGING').label).toBe('哄抬物价');
    expect(categoryEntry('NOT_A_CATEGORY')).toBeUndefined();
    expect(categoryEntry('price_gouging')).toBeUndefined();
  });

  it('uses the notice wording for the §2 price labels', () => {
    const labels = ['PRICE_NOT_MARKED', 'PRICE_GOUGING', 'HOARDING', 'MONOPOLY_PRICING', 'PROFITEERING'].map((c) => entry(c).label);
    expect(labels).toEqual(['不明码标价', '哄抬物价', '囤积居奇', '垄断经营', '趁火打劫']);
    for (const label of labels) expect(measure(2)).toContain(label);
  });

  it.each(CATEGORIES.map((e) => [e.code, e] as const))('%s has a Chinese label from the notice', (code, e) => {
    expect(e.label).toMatch(/^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+$/u);
    const parts = SHORT_FORM_LABELS[code];
    if (parts) {
      expect(notice).not.toContain(e.label); // else it belongs with the verbatim labels
      for (const p of parts) expect(notice).toContain(p);
    } else {
      expect(notice).toContain(e.label);
    }
  });

  it.each(CATEGORIES.map((e) => [e.code, e] as const))('%s quotes its own measure verbatim', (_code, e) => {
    expect(Number.isInteger(e.article) && e.article >= 1 && e.article <= 14).toBe(true);
    expect(e.articleExcerpt.length).toBeGreaterThan(0);
    expect(e.articleExcerpt.length).toBeLessThanOrEqual(60);
    expect(measure(e.article)).toContain(e.articleExcerpt);
  });

  it('gives negative kinds a severity and positive kinds none', () => {
    for (const e of CATEGORIES) {
      if (isNegativeKind(e.kind)) {
        expect(['MINOR', 'GENERAL', 'SERIOUS'], e.code).toContain(e.defaultSeverity);
        // Counterfeit goods that endanger life and health are displayed for the whole maximum period (catalogue.ts).
        expect(e.repairable, e.code).toBe(!['COUNTERFEIT_MEDICAL_GOODS', 'COUNTERFEIT_FOOD_AND_DRUGS'].includes(e.code));
      } else {
        expect(e.defaultSeverity, e.code).toBeNull();
        expect(e.repairable, e.code).toBe(false);
      }
    }
    const kinds: Array<[RecordKind, boolean]> = [
      ['ADMINISTRATIVE_PENALTY', true],
      ['DISHONEST_CONDUCT', true],
      ['HONEST_CONDUCT', false],
      ['HONOR', false],
      ['COMMITMENT', false],
    ];
    for (const [kind, negative] of kinds) expect(isNegativeKind(kind)).toBe(negative);
  });

  it('marks the behaviours the notice singles out as serious', () => {
    const serious = CATEGORIES.filter((e) => e.defaultSeverity === 'SERIOUS').map((e) => e.code);
    expect(serious).toEqual([
      'COUNTERFEIT_MEDICAL_GOODS',
      'COUNTERFEIT_FOOD_AND_DRUGS',
      'ILLEGAL_WILDLIFE_TRADE',
      'PRICE_GOUGING',
      'PROFITEERING',
    ]);
  });

  it('assigns the kinds by measure', () => {
    const kindOf = (codes: string[]) => new Set(codes.map((c) => entry(c).kind));
    expect(kindOf(EXPECTED_CODES.slice(0, 10))).toEqual(new Set(['ADMINISTRATIVE_PENALTY']));
    expect(kindOf(EXPECTED_CODES.slice(10, 25))).toEqual(new Set(['DISHONEST_CONDUCT']));
    expect(kindOf(EXPECTED_CODES.slice(25, 33))).toEqual(new Set(['HONEST_CONDUCT']));
    expect(entry('HONOR_AWARD').kind).toBe('HONOR');
    expect(kindOf(EXPECTED_CODES.slice(34))).toEqual(new Set(['COMMITMENT']));
  });

  it('restricts the §4 duties to natural persons, and opens §13’s 单位和个人 behaviours to organisations', () => {
    for (const code of PERSONAL_CATEGORIES) {
      expect(entry(code).article).toBe(4);
      expect(entry(code).appliesToNaturalPersons).toBe(true);
      expect(entry(code).appliesToOrganisations).toBe(false);
    }
    for (const code of SECTION_13_BOTH) {
      expect(entry(code).article).toBe(4);
      expect(entry(code).appliesToNaturalPersons && entry(code).appliesToOrganisations, code).toBe(true);
    }
    expect(measure(13)).toContain('故意隐瞒病情传播病毒致重大损失、恶意囤积哄抬物价、非法经营野生动物、恶意传播谣言等行为的单位和个人');
    for (const e of CATEGORIES) expect(e.appliesToNaturalPersons || e.appliesToOrganisations, e.code).toBe(true);
    for (const code of ['PRODUCTION_CONVERSION', 'SUPPLY_CHAIN_RESTART', 'LIVELIHOOD_SUPPLY']) {
      expect(entry(code).appliesToNaturalPersons).toBe(false);
    }
    for (const code of ['DONATION', 'VOLUNTEER_SERVICE', 'SUPPLY_TRANSPORT', 'HONOR_AWARD', 'LOAN_REPAYMENT_DELAY']) {
      expect(entry(code).appliesToNaturalPersons && entry(code).appliesToOrganisations).toBe(true);
    }
  });

  it('lets the credit office report every category and the banks none', () => {
    expect(categoriesReportableBy('credit-office').map((e) => e.code)).toEqual(EXPECTED_CODES);
    for (const bank of BANKS) expect(categoriesReportableBy(bank)).toEqual([]);
    expect(categoriesReportableBy('nobody')).toEqual([]);
  });

  it('names only known member units, each category reportable by a department besides the credit office', () => {
    for (const e of CATEGORIES) {
      expect(new Set(e.reportingUnits).size, e.code).toBe(e.reportingUnits.length);
      for (const u of e.reportingUnits) expect(UNIT_IDS, e.code).toContain(u);
      if (e.code !== 'REPAIR_COMMITMENT') expect(e.reportingUnits.length, e.code).toBeGreaterThan(1);
    }
  });

  it('routes categories to the units whose duties they are', () => {
    const codes = (unit: string) => categoriesReportableBy(unit).map((e) => e.code);
    expect(codes('market-regulation')).toEqual(expect.arrayContaining(EXPECTED_CODES.slice(4, 9)));
    expect(codes('health')).toEqual(expect.arrayContaining(['CONCEALING_ILLNESS', 'EVADING_QUARANTINE', 'NO_HEALTH_MONITORING']));
    expect(codes('public-security')).toEqual(expect.arrayContaining(['CONCEALING_ILLNESS', 'EVADING_QUARANTINE', 'SPREADING_RUMOURS']));
    expect(codes('hrss')).toEqual(expect.arrayContaining(['LABOUR_RELATIONS_VIOLATION', 'LATE_SOCIAL_INSURANCE']));
    expect(codes('tax')).toContain('LATE_TAX');
    expect(codes('pboc-taicang')).toContain('LOAN_REPAYMENT_DELAY');
    expect(codes('finance-regulation')).toContain('LOAN_REPAYMENT_DELAY');
    expect(codes('transport')).toContain('SUPPLY_TRANSPORT');
    expect(codes('agriculture')).toContain('ILLEGAL_WILDLIFE_TRADE');
    expect(codes('civil-affairs')).toContain('DONATION');
    expect(codes('civilization-office')).toEqual(expect.arrayContaining(['VOLUNTEER_SERVICE', 'HONOR_AWARD']));
    expect(codes('court')).toContain('CONTRACT_DEFAULT');
    // A unit reporting on people only where its duties name them: the market regulator has no §4 category.
    for (const code of [...PERSONAL_CATEGORIES, ...SECTION_13_BOTH]) expect(codes('market-regulation')).not.toContain(code);
    expect(codes('public-security')).toEqual(expect.arrayContaining(['NOT_WEARING_MASK', 'JOINING_GATHERINGS']));
    expect(codes('health')).toEqual(expect.arrayContaining(['NOT_WEARING_MASK', 'JOINING_GATHERINGS']));
    expect(codes('market-regulation')).toContain('COUNTERFEIT_FOOD_AND_DRUGS');
  });

  it('covers the behaviours of §1 and §4 the notice names: food and drugs, masks, gatherings', () => {
    expect(entry('COUNTERFEIT_FOOD_AND_DRUGS')).toMatchObject({ article: 1, kind: 'ADMINISTRATIVE_PENALTY', defaultSeverity: 'SERIOUS' });
    expect(measure(1)).toContain(entry('COUNTERFEIT_FOOD_AND_DRUGS').articleExcerpt);
    expect(entry('NOT_WEARING_MASK')).toMatchObject({
      article: 4,
      kind: 'DISHONEST_CONDUCT',
      defaultSeverity: 'MINOR',
      articleExcerpt: '严格遵守在公共场所佩戴口罩的规定',
    });
    expect(entry('JOINING_GATHERINGS')).toMatchObject({
      article: 4,
      kind: 'DISHONEST_CONDUCT',
      defaultSeverity: 'GENERAL',
      articleExcerpt: '减少外出活动，不参加人员聚集活动',
    });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(CATEGORIES)).toBe(true);
    expect(Object.isFrozen(entry('HOARDING'))).toBe(true);
    expect(Object.isFrozen(entry('HOARDING').reportingUnits)).toBe(true);
    // categoriesReportableBy hands out one shared list: frozen, so no caller can shorten it for the next.
    const mine = categoriesReportableBy('tax');
    const length = mine.length;
    expect(Object.isFrozen(mine)).toBe(true);
    expect(() => (mine as CategoryEntry[]).pop()).toThrow(TypeError);
    expect(categoriesReportableBy('tax')).toHaveLength(length);
    expect(Object.isFrozen(categoriesReportableBy('no-such-unit'))).toBe(true);
  });
});
