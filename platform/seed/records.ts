import type { Faker } from '@faker-js/faker';
import { CATEGORIES, categoryEntry, type Severity } from '../../subgraphs/records/catalogue.js';
import { disclosureWindow } from '../../subgraphs/records/disclosure.js';
import { addDays } from '../../subgraphs/kit/time.js';
import { FACTS, legalBasis } from './facts.js';
import type { RecordDraft, SeedSubject } from './model.js';
import { cnDate, dateBetween, daysBetween, minDate, workdayNear } from './random.js';

export const FIRST_DECISION = '2020-02-01';
export const EPIDEMIC_END = '2022-12-31';
const NEW_RULE_FROM = '2026-04-01';

/** Records per category; REPAIR_COMMITMENT comes from the repair applications themselves. */
const COUNTS: Readonly<Record<string, number>> = {
  COUNTERFEIT_MEDICAL_GOODS: 20,
  ILLEGAL_WILDLIFE_TRADE: 14,
  UNFAIR_COMPETITION: 20,
  EPIDEMIC_FALSE_ADVERTISING: 18,
  PRICE_NOT_MARKED: 40,
  PRICE_GOUGING: 45,
  HOARDING: 20,
  MONOPOLY_PRICING: 10,
  PROFITEERING: 14,
  REOPENING_NONCOMPLIANCE: 25,
  NO_HEALTH_MONITORING: 18,
  NO_DISINFECTION: 18,
  LABOUR_RELATIONS_VIOLATION: 25,
  CONCEALING_ILLNESS: 14,
  EVADING_QUARANTINE: 14,
  REFUSING_PREVENTION_DUTIES: 12,
  SPREADING_RUMOURS: 12,
  CONTRACT_DEFAULT: 40,
  DELIVERY_DELAY: 30,
  LOAN_REPAYMENT_DELAY: 35,
  LATE_TAX: 45,
  LATE_SOCIAL_INSURANCE: 35,
  MEDICAL_AID_HUBEI: 12,
  FRONTLINE_DUTY: 30,
  VOLUNTEER_SERVICE: 35,
  DONATION: 40,
  PRODUCTION_CONVERSION: 20,
  SUPPLY_TRANSPORT: 25,
  SUPPLY_CHAIN_RESTART: 20,
  LIVELIHOOD_SUPPLY: 25,
  HONOR_AWARD: 25,
  PRICE_SELF_DISCIPLINE: 60,
  REOPENING_COMMITMENT: 60,
  COUNTERFEIT_FOOD_AND_DRUGS: 12,
  NOT_WEARING_MASK: 10,
  JOINING_GATHERINGS: 10,
};

/**
 * Categories added to the catalogue after the demo set was fixed (issue 14): drawn by a generator of their
 * own (generateLaterRecords), so the rest of the set does not move with them.
 */
const LATER_CATEGORIES = new Set(['COUNTERFEIT_FOOD_AND_DRUGS', 'NOT_WEARING_MASK', 'JOINING_GATHERINGS']);

/** Behaviours that belong to the epidemic itself: decided 2020-2022 only. */
const EPIDEMIC_ONLY = new Set([
  'EPIDEMIC_FALSE_ADVERTISING',
  'REOPENING_NONCOMPLIANCE',
  'NO_HEALTH_MONITORING',
  'CONCEALING_ILLNESS',
  'EVADING_QUARANTINE',
  'REFUSING_PREVENTION_DUTIES',
  'FRONTLINE_DUTY',
  'PRODUCTION_CONVERSION',
  'SUPPLY_TRANSPORT',
  'SUPPLY_CHAIN_RESTART',
  'LIVELIHOOD_SUPPLY',
  'REOPENING_COMMITMENT',
  'NOT_WEARING_MASK',
  'JOINING_GATHERINGS',
]);

/** Share of natural persons where a category can concern both. */
const PERSON_SHARE: Readonly<Record<string, number>> = {
  COUNTERFEIT_MEDICAL_GOODS: 0.1,
  ILLEGAL_WILDLIFE_TRADE: 0.4,
  PRICE_GOUGING: 0.1,
  HOARDING: 0.2,
  LOAN_REPAYMENT_DELAY: 0.4,
  MEDICAL_AID_HUBEI: 0.75,
  FRONTLINE_DUTY: 0.6,
  VOLUNTEER_SERVICE: 0.7,
  DONATION: 0.3,
  SUPPLY_TRANSPORT: 0.4,
  HONOR_AWARD: 0.4,
  REPAIR_COMMITMENT: 0.2,
  COUNTERFEIT_FOOD_AND_DRUGS: 0.1,
  // §13 names 单位和个人, but the demo's cases of these two are people's (its facts read so).
  CONCEALING_ILLNESS: 1,
  SPREADING_RUMOURS: 1,
};

/** Lines of business a category plausibly concerns; 80% of its organisations come from them. */
const RETAIL = ['pharmacy', 'supermarket', 'ind_grocery', 'ind_pharmacy'];
const MAKERS = ['manufacturer', 'medical_maker', 'food_maker'];
const SERVICES = ['restaurant', 'hotel', 'tourism', 'ind_restaurant'];
const PREFERRED: Readonly<Record<string, readonly string[]>> = {
  COUNTERFEIT_MEDICAL_GOODS: [...RETAIL, 'medical_maker'],
  COUNTERFEIT_FOOD_AND_DRUGS: [...RETAIL, 'food_maker', 'restaurant'],
  ILLEGAL_WILDLIFE_TRADE: ['restaurant', 'ind_restaurant', 'hotel', 'supermarket', 'coop'],
  UNFAIR_COMPETITION: [...MAKERS, 'trading', 'tech'],
  EPIDEMIC_FALSE_ADVERTISING: ['pharmacy', 'tech', 'medical_maker', 'clinic', 'food_maker'],
  PRICE_NOT_MARKED: [...RETAIL, ...SERVICES],
  PRICE_GOUGING: [...RETAIL, 'medical_maker', 'trading'],
  HOARDING: [...RETAIL, 'trading'],
  MONOPOLY_PRICING: ['supermarket', 'logistics', 'trading', 'property'],
  PROFITEERING: [...RETAIL, 'trading'],
  REOPENING_NONCOMPLIANCE: [...MAKERS, 'construction', ...SERVICES],
  NO_HEALTH_MONITORING: [...MAKERS, 'construction', 'logistics'],
  NO_DISINFECTION: [...SERVICES, 'supermarket', 'ind_service', 'property'],
  LABOUR_RELATIONS_VIOLATION: [...MAKERS, 'construction', ...SERVICES, 'logistics'],
  CONTRACT_DEFAULT: [...MAKERS, 'trading', 'construction', 'logistics', 'tech'],
  DELIVERY_DELAY: [...MAKERS, 'trading'],
  LOAN_REPAYMENT_DELAY: [...MAKERS, ...SERVICES, 'trading', 'ind_service'],
  MEDICAL_AID_HUBEI: ['hospital', 'clinic'],
  FRONTLINE_DUTY: ['hospital', 'clinic', 'property', 'logistics', 'social'],
  VOLUNTEER_SERVICE: ['social', 'property'],
  PRODUCTION_CONVERSION: ['medical_maker', 'manufacturer'],
  SUPPLY_TRANSPORT: ['logistics'],
  SUPPLY_CHAIN_RESTART: MAKERS,
  LIVELIHOOD_SUPPLY: ['supermarket', 'coop', 'food_maker', 'ind_grocery'],
  HONOR_AWARD: ['hospital', 'clinic', 'social', ...MAKERS],
  PRICE_SELF_DISCIPLINE: [...RETAIL, 'medical_maker', 'restaurant'],
  REOPENING_COMMITMENT: [...MAKERS, 'construction', ...SERVICES, 'logistics', 'tech', 'trading'],
};
/** Days from the act (or due date) to the decision, per category or else per kind. */
const LEAD_DAYS: Readonly<Record<string, readonly [number, number]>> = {
  ADMINISTRATIVE_PENALTY: [7, 60],
  DISHONEST_CONDUCT: [7, 60],
  HONEST_CONDUCT: [10, 60],
  HONOR: [0, 10],
  COMMITMENT: [0, 3],
  CONTRACT_DEFAULT: [90, 400],
  DELIVERY_DELAY: [40, 150],
  LOAN_REPAYMENT_DELAY: [40, 200],
};
/** Jiangsu's first-level public-health emergency response; firms reopened from 10 February 2020. */
const EPIDEMIC_START = '2020-01-24';
const REOPENING_START = '2020-02-10';
const REOPENING = new Set(['REOPENING_NONCOMPLIANCE', 'NO_HEALTH_MONITORING', 'SUPPLY_CHAIN_RESTART', 'REOPENING_COMMITMENT']);
/** Categories that come with a 15-day rectification order (notice §3). */
const RECTIFY = new Set(['REOPENING_NONCOMPLIANCE', 'NO_HEALTH_MONITORING', 'NO_DISINFECTION']);
/** Positive categories that go to people who worked on the front line. */
const FRONTLINE = new Set(['MEDICAL_AID_HUBEI', 'FRONTLINE_DUTY', 'VOLUNTEER_SERVICE', 'HONOR_AWARD']);

export interface DraftInput {
  subject: SeedSubject;
  code: string;
  decisionDate: string;
  unitId?: string;
  severity?: Severity | null;
  status?: string;
  facts?: string;
  fixed?: boolean;
  repairedLabel?: string;
}

/** One record with the facts, basis, window and deadline its category implies. */
export function makeDraft(faker: Faker, input: DraftInput): RecordDraft {
  const entry = categoryEntry(input.code);
  if (!entry) throw new Error(`seed: unknown category ${input.code}`);
  const units = entry.reportingUnits.filter((u) => u !== 'credit-office');
  const unitId = input.unitId ?? (units.length ? faker.helpers.arrayElement(units) : 'credit-office');
  const severity = input.severity === undefined ? entry.defaultSeverity : input.severity;
  const { decisionDate } = input;
  const [min, max] = LEAD_DAYS[entry.code] ?? LEAD_DAYS[entry.kind]!;
  let actDate = addDays(decisionDate, -faker.number.int({ min, max }));
  // Acts about the epidemic happen after Jiangsu's first-level response began; debts may fall due before.
  const earliest = REOPENING.has(entry.code) ? REOPENING_START : EPIDEMIC_START;
  if (entry.article !== 9 && decisionDate >= EPIDEMIC_START && actDate < earliest) actDate = minDate(earliest, decisionDate);
  const deadline = RECTIFY.has(entry.code) ? addDays(decisionDate, 15) : null;
  const facts =
    input.facts ??
    FACTS[entry.code]!({
      faker,
      subject: input.subject,
      unitId,
      decisionDate,
      act: cnDate(actDate),
      sinceAct: daysBetween(actDate, decisionDate),
      epidemic: decisionDate <= EPIDEMIC_END,
      deadline: deadline && cnDate(deadline),
      repairedLabel: input.repairedLabel,
    });
  return {
    id: faker.string.uuid(),
    subject: input.subject,
    entry,
    unitId,
    decisionDate,
    severity,
    status: input.status ?? 'ACTIVE',
    facts,
    legalBasis: legalBasis(entry.code, entry.article, decisionDate),
    rectificationDeadline: deadline,
    window: disclosureWindow(entry.kind, severity, decisionDate, input.subject.isPerson),
    fixed: input.fixed,
  };
}

/** Decision dates: epidemic behaviours in 2020-2022; the rest spread to today, a fair share under the 2026 rule. */
function decisionDate(faker: Faker, code: string, lastDay: string): string {
  const ranges: [number, string, string][] =
    code === 'MEDICAL_AID_HUBEI'
      ? [[1, '2020-04-01', '2020-06-30']]
      : EPIDEMIC_ONLY.has(code)
        ? [
            [75, REOPENING.has(code) ? REOPENING_START : FIRST_DECISION, '2020-12-31'],
            [15, '2021-01-01', '2021-12-31'],
            [10, '2022-01-01', EPIDEMIC_END],
          ]
        : [
            [45, FIRST_DECISION, '2021-12-31'],
            [15, '2022-01-01', addDays(lastDay, -365)],
            [20, addDays(lastDay, -364), addDays(NEW_RULE_FROM, -1)],
            [20, NEW_RULE_FROM, lastDay],
          ];
  const [, from, to] = faker.helpers.weightedArrayElement(ranges.map((range) => ({ weight: range[0], value: range })));
  const end = minDate(to, lastDay);
  const date = from <= end ? dateBetween(faker, from, end) : dateBetween(faker, FIRST_DECISION, lastDay);
  return workdayNear(date, lastDay);
}

/** Severity as decided: the category default, now and then raised or lowered by the reporting unit. */
function varySeverity(faker: Faker, severity: Severity | null): Severity | null {
  if (severity === 'SERIOUS') return faker.datatype.boolean(0.15) ? 'GENERAL' : 'SERIOUS';
  if (severity === 'GENERAL') return faker.datatype.boolean(0.08) ? 'SERIOUS' : 'GENERAL';
  if (severity === 'MINOR') return faker.datatype.boolean(0.05) ? 'GENERAL' : 'MINOR';
  return null;
}

export function pickSubject(faker: Faker, code: string, date: string, orgs: SeedSubject[], persons: SeedSubject[]): SeedSubject {
  const entry = categoryEntry(code)!;
  const negative = entry.kind === 'ADMINISTRATIVE_PENALTY' || entry.kind === 'DISHONEST_CONDUCT';
  const share = !entry.appliesToOrganisations ? 1 : !entry.appliesToNaturalPersons ? 0 : (PERSON_SHARE[code] ?? 0.3);
  if (faker.datatype.boolean(share)) {
    const tagged = persons.filter((p) => p.tags.includes('EPIDEMIC_PREVENTION') === !negative);
    const prefer = negative ? 0.9 : FRONTLINE.has(code) ? 0.8 : 0.3;
    return faker.helpers.arrayElement(tagged.length && faker.datatype.boolean(prefer) ? tagged : persons);
  }
  const pool = orgs.filter((o) => o.active || (negative && date <= EPIDEMIC_END));
  const preferred = pool.filter((o) => PREFERRED[code]?.includes(o.sector));
  return faker.helpers.arrayElement(preferred.length && faker.datatype.boolean(0.8) ? preferred : pool);
}

/** The bulk of the records: every category of the catalogue but repair commitments, for subjects it applies to. */
export function generateRecords(faker: Faker, lastDay: string, orgs: SeedSubject[], persons: SeedSubject[], later = false): RecordDraft[] {
  const drafts: RecordDraft[] = [];
  for (const entry of CATEGORIES.filter((e) => LATER_CATEGORIES.has(e.code) === later)) {
    for (let i = 0; i < (COUNTS[entry.code] ?? 0); i++) {
      const date = decisionDate(faker, entry.code, lastDay);
      const subject = pickSubject(faker, entry.code, date, orgs, persons);
      drafts.push(
        makeDraft(faker, { subject, code: entry.code, decisionDate: date, severity: varySeverity(faker, entry.defaultSeverity) }),
      );
    }
  }
  return drafts;
}

/** The records of LATER_CATEGORIES, from their own generator. */
export const generateLaterRecords = (faker: Faker, lastDay: string, orgs: SeedSubject[], persons: SeedSubject[]): RecordDraft[] =>
  generateRecords(faker, lastDay, orgs, persons, true);

/** Which cause a §9 exemption of a category is claimed with (records' default tolerance policies). */
const PREVENTION_EXEMPT = new Set(['DELIVERY_DELAY', 'LOAN_REPAYMENT_DELAY', 'CONTRACT_DEFAULT']);
const FORCE_MAJEURE_EXEMPT = new Set(['CONTRACT_DEFAULT', 'LOAN_REPAYMENT_DELAY', 'LATE_TAX', 'LATE_SOCIAL_INSURANCE']);

export type ToleranceClaims = Map<string, { cause: string; evidence: string }>;

/**
 * §8/§9 tolerance: organisations' defaults during the epidemic reported with a claim, which records' policies
 * decide at intake: exemptions (force majeure, or taking part in epidemic prevention) and deferrals (a delivery
 * delay under force majeure). `status` is what the decision will be, for planning the cases around them.
 */
export function applyTolerance(
  faker: Faker,
  drafts: RecordDraft[],
  counts: { EXEMPTED: number; DEFERRED: number },
  claims: ToleranceClaims,
): void {
  const eligible = (d: RecordDraft) =>
    !d.fixed &&
    d.entry.article === 9 &&
    !d.subject.isPerson &&
    d.decisionDate >= EPIDEMIC_START &&
    d.decisionDate <= EPIDEMIC_END &&
    d.status === 'ACTIVE';
  const deferred = faker.helpers.arrayElements(
    drafts.filter((d) => eligible(d) && d.entry.code === 'DELIVERY_DELAY'),
    counts.DEFERRED,
  );
  for (const draft of deferred) {
    draft.status = 'DEFERRED';
    claims.set(draft.id, { cause: 'FORCE_MAJEURE', evidence: '受疫情影响停工停产、物流中断，无法按期交付的情况说明及相关证明材料' });
  }
  for (const draft of faker.helpers.arrayElements(
    drafts.filter((d) => eligible(d) && d.status === 'ACTIVE'),
    counts.EXEMPTED,
  )) {
    const prevention = PREVENTION_EXEMPT.has(draft.entry.code) && (!FORCE_MAJEURE_EXEMPT.has(draft.entry.code) || faker.datatype.boolean());
    draft.status = 'EXEMPTED';
    claims.set(
      draft.id,
      prevention
        ? { cause: 'TOOK_PART_IN_EPIDEMIC_PREVENTION', evidence: '市疫情防控指挥部征用生产线、调用物资的通知及企业参与保障工作的证明' }
        : { cause: 'FORCE_MAJEURE', evidence: '受疫情不可抗力影响停工停产的情况说明、相关部门出具的证明材料' },
    );
  }
}

const UNIT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  'market-regulation': '太市监',
  health: '太卫',
  'public-security': '太公',
  commerce: '太商务',
  hrss: '太人社',
  tax: '太税',
  transport: '太交',
  agriculture: '太农',
  'medical-security': '太医保',
  'finance-regulation': '太金融',
  'pboc-taicang': '太银',
  'civilization-office': '太文明',
  'civil-affairs': '太民',
  'credit-office': '太信用',
};

function documentType(draft: RecordDraft): string {
  switch (draft.entry.kind) {
    // Food and drug penalties have a series of their own (and never share a number with the older series).
    case 'ADMINISTRATIVE_PENALTY':
      return draft.entry.article === 2 ? '价罚' : draft.entry.code === 'COUNTERFEIT_FOOD_AND_DRUGS' ? '食药罚' : '罚';
    case 'DISHONEST_CONDUCT':
      return LATER_CATEGORIES.has(draft.entry.code) ? '防疫信认' : '信认';
    case 'HONEST_CONDUCT':
      return '守信';
    case 'HONOR':
      return '表';
    case 'COMMITMENT':
      return '诺';
  }
}

/** Document numbers in date order per unit, type and year: 太市监价罚〔2020〕37号, (2020)苏0585民初1234号. */
export function assignReferences(faker: Faker, drafts: RecordDraft[]): void {
  const next = new Map<string, number>();
  const ordered = drafts
    .map((draft, index) => ({ draft, index }))
    .sort((a, b) => a.draft.decisionDate.localeCompare(b.draft.decisionDate) || a.index - b.index);
  for (const { draft } of ordered) {
    const year = draft.decisionDate.slice(0, 4);
    const court = draft.unitId === 'court';
    const key = court ? `court:${year}` : `${draft.unitId}:${documentType(draft)}:${year}`;
    const seq =
      (next.get(key) ?? (court ? faker.number.int({ min: 300, max: 900 }) : faker.number.int({ min: 0, max: 15 }))) +
      (court ? faker.number.int({ min: 5, max: 40 }) : faker.number.int({ min: 1, max: 3 }));
    next.set(key, seq);
    draft.unitReference = court
      ? `（${year}）苏0585民初${seq}号`
      : `${UNIT_ABBREVIATIONS[draft.unitId] ?? '太'}${documentType(draft)}〔${year}〕${seq}号`;
  }
}
