import { describePrincipal } from '../kit/audit.js';
import { badInput, notFound } from '../kit/errors.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { addDays, chinaToday } from '../kit/time.js';
import { checkDeferral, deferralEnd, describeDeferral, type ToleranceDeferral } from './deferral.js';
import type { CreditRecordRow, TolerancePolicyRow } from './tables.js';
import type { ToleranceStore } from './tolerance-store.js';

/**
 * 包容审慎 (notice §8, §9): the policies as data. The window starts when Jiangsu declared its first-level
 * response (2020-01-24); it is open-ended here and lapses when the credit office ends the emergency response.
 */
export const DEFAULT_POLICIES: TolerancePolicyRow[] = [
  {
    id: 'N9-PREVENTION-EXEMPT',
    name: '参与疫情防控导致的轻微失信豁免',
    article: 9,
    categories: ['DELIVERY_DELAY', 'LOAN_REPAYMENT_DELAY', 'CONTRACT_DEFAULT'],
    cause: 'TOOK_PART_IN_EPIDEMIC_PREVENTION',
    conditions: '企业因参与疫情防控工作而导致延迟交货、延期还贷、合同逾期，社会危害和潜在风险可控',
    requires: 'EVIDENCE',
    outcome: 'EXEMPT',
    deferral: null,
    extendDays: null,
    effectiveFrom: '2020-01-24',
    effectiveTo: null,
  },
  {
    id: 'N9-FORCE-MAJEURE-EXEMPT',
    name: '疫情不可抗力导致的失信豁免',
    article: 9,
    categories: ['CONTRACT_DEFAULT', 'LOAN_REPAYMENT_DELAY', 'LATE_TAX', 'LATE_SOCIAL_INSURANCE'],
    cause: 'FORCE_MAJEURE',
    conditions: '企业因疫情不可抗力因素导致合同违约、金融债务违约、未及时纳税和缴纳社会保险费，满足豁免条件',
    requires: 'EVIDENCE',
    outcome: 'EXEMPT',
    deferral: null,
    extendDays: null,
    effectiveFrom: '2020-01-24',
    effectiveTo: null,
  },
  {
    id: 'N8-FORCE-MAJEURE-DEFER',
    name: '受疫情不可抗力影响的交付违约暂缓信息报送',
    article: 8,
    categories: ['DELIVERY_DELAY'],
    cause: 'FORCE_MAJEURE',
    conditions: '企业受疫情不可抗力等因素影响，生产订单完不成或者产品交付不及时',
    requires: 'EVIDENCE',
    outcome: 'DEFER_REPORTING',
    // 暂缓报送 while the emergency lasts and three months after it ends: illustrative, the credit office sets it (setToleranceDeferral).
    deferral: { months: 3, after: 'EMERGENCY_END' },
    extendDays: null,
    effectiveFrom: '2020-01-24',
    effectiveTo: null,
  },
  {
    id: 'N8-FORCE-MAJEURE-EXTEND',
    name: '受疫情不可抗力影响的违约适当延长整改期',
    article: 8,
    categories: ['DELIVERY_DELAY', 'CONTRACT_DEFAULT', 'REOPENING_NONCOMPLIANCE'],
    cause: 'FORCE_MAJEURE',
    conditions: '企业受疫情不可抗力等因素影响出现违约失信行为，引导和帮助企业及时纠正',
    requires: 'EVIDENCE',
    outcome: 'EXTEND_RECTIFICATION',
    deferral: null,
    extendDays: 30,
    effectiveFrom: '2020-01-24',
    effectiveTo: null,
  },
];

export const TOLERANCE_CAUSES = ['TOOK_PART_IN_EPIDEMIC_PREVENTION', 'FORCE_MAJEURE'] as const;
export type ToleranceCause = (typeof TOLERANCE_CAUSES)[number];

/** What a decision comes to; NONE: no policy applies, an ordinary record. */
export type ToleranceOutcome = 'EXEMPT' | 'DEFER_REPORTING' | 'EXTEND_RECTIFICATION' | 'NONE';
/** The measure a policy takes (every outcome but NONE). */
export type PolicyOutcome = Exclude<ToleranceOutcome, 'NONE'>;

export interface ToleranceClaim {
  cause: string;
  evidence: string;
  forceMajeureCertificate?: string | null;
}

export interface ToleranceDecision {
  outcome: ToleranceOutcome;
  policyId: string | null;
  policyName: string | null;
  article: number | null;
  cause: string;
  evidence: string;
  forceMajeureCertificate: string | null;
  /** Null while a deferral counted from the end of the emergency waits for it. */
  deferredUntil: string | null;
  /** DEFER_REPORTING: the policy's deferral as it was when decided (a later change of the policy does not move it). */
  deferral?: ToleranceDeferral | null;
  extendedByDays: number | null;
  /** The day the claim was made (reported); absent on decisions made before it was kept (then: the day first reported). */
  claimedOn?: string;
  /** What was decided and why, in the words shown on the record. */
  explanation: string;
}

/** The last day a policy can be claimed: its own end, or the end of the emergency response if earlier. */
export function policyEnd(policy: TolerancePolicyRow, emergencyEnd: string | null): string | null {
  if (!emergencyEnd) return policy.effectiveTo;
  return policy.effectiveTo && policy.effectiveTo < emergencyEnd ? policy.effectiveTo : emergencyEnd;
}

export function inForce(policy: TolerancePolicyRow, day: string, emergencyEnd: string | null): boolean {
  const end = policyEnd(policy, emergencyEnd);
  return policy.effectiveFrom <= day && (end === null || day <= end);
}

/** Most favourable first: an exemption settles the claim; otherwise deferral and extension may both apply. */
const PRECEDENCE = ['EXEMPT', 'DEFER_REPORTING', 'EXTEND_RECTIFICATION'];

/**
 * Decides a claim at intake. A policy applies when the category and cause match, the subject is an
 * organisation (the notice speaks of 企业), the evidence it requires is there, and both the act (decision
 * date) and the claim (`claimedOn`: today for a new claim, the original day when a correction decides it
 * afresh) fall inside its window.
 */
export function decideTolerance(
  claim: ToleranceClaim,
  record: { category: string; decisionDate: string; subjectIsPerson: boolean; rectificationDeadline: string | null },
  policies: TolerancePolicyRow[],
  emergencyEnd: string | null,
  claimedOn: string,
): ToleranceDecision {
  const base = {
    cause: claim.cause,
    evidence: claim.evidence,
    forceMajeureCertificate: claim.forceMajeureCertificate ?? null,
    deferredUntil: null,
    extendedByDays: null,
    claimedOn,
  };
  const none = (explanation: string): ToleranceDecision => ({
    ...base,
    outcome: 'NONE',
    policyId: null,
    policyName: null,
    article: null,
    explanation,
  });
  const candidates = policies.filter((policy) => policy.categories.includes(record.category) && policy.cause === claim.cause);
  if (!candidates.length) return none('无适用的包容审慎政策：该类别或原因不在政策范围内，按一般记录认定');
  if (record.subjectIsPerson) return none('包容审慎政策适用于企业，自然人记录按一般记录认定');
  const evidenced = candidates.filter((policy) => policy.requires !== 'FORCE_MAJEURE_CERTIFICATE' || claim.forceMajeureCertificate);
  if (!evidenced.length) return none('未提供不可抗力事实性证明书编号，按一般记录认定');
  const current = evidenced.filter(
    (policy) => inForce(policy, claimedOn, emergencyEnd) && inForce(policy, record.decisionDate, emergencyEnd),
  );
  if (!current.length) {
    const end = policyEnd(evidenced[0]!, emergencyEnd);
    return none(end ? `相关政策已于${end}失效（疫情应急响应结束），按一般记录认定` : '失信行为发生在政策生效之前，按一般记录认定');
  }
  current.sort((a, b) => PRECEDENCE.indexOf(a.outcome) - PRECEDENCE.indexOf(b.outcome));
  const chosen = current[0]!;
  const decided = { ...base, policyId: chosen.id, policyName: chosen.name, article: chosen.article };
  if (chosen.outcome === 'EXEMPT') {
    return {
      ...decided,
      outcome: 'EXEMPT',
      explanation: `依据通知第${chosen.article}条（${chosen.name}）免予认定为失信行为：不纳入失信记录、不列入名单、不实施惩戒，留存备查`,
    };
  }
  if (chosen.outcome === 'DEFER_REPORTING') {
    const extend = current.find((policy) => policy.outcome === 'EXTEND_RECTIFICATION' && record.rectificationDeadline);
    // A policy saved without a deferral defers until the emergency ends: never disclosed at once.
    const deferral: ToleranceDeferral = chosen.deferral ?? { after: 'EMERGENCY_END' };
    const until = deferralEnd(deferral, { act: record.decisionDate, claim: claimedOn, emergencyEnd });
    return {
      ...decided,
      outcome: 'DEFER_REPORTING',
      deferredUntil: until,
      deferral,
      extendedByDays: extend?.extendDays ?? null,
      explanation: deferralExplanation(chosen, deferral, until) + (extend ? `，并延长整改期${extend.extendDays}日` : ''),
    };
  }
  if (!record.rectificationDeadline) return none(`${chosen.name}：该记录未设整改期限，无可延长，按一般记录认定`);
  return {
    ...decided,
    outcome: 'EXTEND_RECTIFICATION',
    extendedByDays: chosen.extendDays,
    explanation: `依据通知第${chosen.article}条（${chosen.name}）整改期限延长${chosen.extendDays}日至${addDays(record.rectificationDeadline, chosen.extendDays ?? 0)}`,
  };
}

/** 暂缓信息报送至…: the date, or why there is none yet (the emergency has not ended). */
export function deferralExplanation(policy: { article: number; name: string }, deferral: ToleranceDeferral, until: string | null): string {
  const basis = `依据通知第${policy.article}条（${policy.name}）暂缓信息报送`;
  if (until)
    return 'until' in deferral
      ? `${basis}至${until}，期满后依公示规则公示`
      : `${basis}至${until}（${describeDeferral(deferral)}），期满后依公示规则公示`;
  return `${basis}，期限为${describeDeferral(deferral)}；疫情应急响应尚未结束，暂缓至市信用办设定应急响应结束之日后确定，在此之前不公示、不共享、不计入统计`;
}

/** What a tolerance decision was decided on: a correction that changes none of it keeps the decision. */
export interface ToleranceBasis {
  subjectId: string;
  category: string;
  decisionDate: string;
  claim: ToleranceClaim | null;
  hasRectificationDeadline: boolean;
}

const sameClaim = (a: ToleranceClaim | null, b: ToleranceClaim | null): boolean =>
  a === null || b === null
    ? a === b
    : a.cause === b.cause && a.evidence === b.evidence && (a.forceMajeureCertificate ?? null) === (b.forceMajeureCertificate ?? null);

export function sameBasis(a: ToleranceBasis, b: ToleranceBasis): boolean {
  return (
    a.subjectId === b.subjectId &&
    a.category === b.category &&
    a.decisionDate === b.decisionDate &&
    a.hasRectificationDeadline === b.hasRectificationDeadline &&
    sameClaim(a.claim, b.claim)
  );
}

/** The basis of a stored decision (its claim is what the decision recorded). */
export function basisOfDecision(
  row: { subjectId: string; category: string; decisionDate: string; rectificationDeadline: string | null },
  decision: ToleranceDecision | null,
): ToleranceBasis {
  const claim = decision
    ? { cause: decision.cause, evidence: decision.evidence, forceMajeureCertificate: decision.forceMajeureCertificate ?? null }
    : null;
  return {
    subjectId: row.subjectId,
    category: row.category,
    decisionDate: row.decisionDate,
    claim,
    hasRectificationDeadline: row.rectificationDeadline !== null,
  };
}

/**
 * The decision a (re-)sent report gets. A correction that leaves its basis unchanged keeps the decision it
 * has (an exemption survives the end of the emergency); one that changes it is decided afresh, as of the
 * original claim's day (or today for a claim first made now), so the emergency having ended since does not
 * by itself revoke it — but an act moved outside the policies' window does.
 */
export function decideReport(
  report: ToleranceBasis & { subjectIsPerson: boolean; rectificationDeadline: string | null },
  previous: { basis: ToleranceBasis; decision: ToleranceDecision | null; reportedAt: Date } | null,
  policies: TolerancePolicyRow[],
  emergencyEnd: string | null,
  today: string,
  dayOf: (at: Date) => string,
): ToleranceDecision | null {
  if (!report.claim) return null;
  const before = previous?.decision ?? null;
  if (previous && before && sameBasis(previous.basis, report)) return before;
  const claimedOn = previous && before ? (before.claimedOn ?? dayOf(previous.reportedAt)) : today;
  return decideTolerance(report.claim, report, policies, emergencyEnd, claimedOn);
}

type Scope = PolicyScope & { tolerance: ToleranceStore };

/** A policy as TolerancePolicy shows it: the row, and whether a claim made today is decided under it. */
export type PolicyView = TolerancePolicyRow & { inForceToday: boolean };

/** A policy as shown: whether it is in force today, the emergency response having ended on `emergencyEnd`. */
export const policyShown = (policy: TolerancePolicyRow, emergencyEnd: string | null): PolicyView => ({
  ...policy,
  inForceToday: inForce(policy, chinaToday(), emergencyEnd),
});

/** A deferral as shown: every way of setting it, those not used null, and in words. */
export const deferralShown = (deferral: ToleranceDeferral | null) =>
  deferral
    ? {
        until: null,
        days: null,
        months: null,
        after: null,
        ...deferral,
        description: describeDeferral(deferral),
      }
    : null;

/** The fixed date a policy defers until, when it defers until one. */
export const deferUntil = (policy: TolerancePolicyRow): string | null =>
  policy.deferral && 'until' in policy.deferral ? policy.deferral.until : null;

/** The policies as shown today. */
export async function tolerancePolicies(tolerance: ToleranceStore) {
  const [policies, emergency] = await Promise.all([tolerance.policies(), tolerance.emergencyResponse()]);
  return policies.map((policy) => policyShown(policy, emergency.endedOn));
}

/** The decision carries the record's owners, so the evidence rule can tell who may read it. */
export type DecisionView = ToleranceDecision & { owner: { subjectId: string; reportingUnitId: string } };

export const decisionShown = (row: CreditRecordRow): DecisionView | null =>
  row.toleranceDecision ? { ...row.toleranceDecision, owner: { subjectId: row.subjectId, reportingUnitId: row.reportingUnitId } } : null;

/** The force-majeure certificate (不可抗力事实性证明书) the record's claim cited. */
export const certificateCited = (row: CreditRecordRow): { number: string } | null => {
  const number = row.toleranceDecision?.forceMajeureCertificate;
  return number ? { number } : null;
};

/**
 * The credit office sets how long a DEFER_REPORTING policy defers (暂缓报送期限). Claims decided from then on
 * use it; a record already deferred keeps the deferral it was decided with (its decision says which).
 * Who may: the field policy (setTolerancePolicies, the credit office). Returns the policy as shown.
 */
export async function setToleranceDeferral(
  ctx: Scope,
  policyId: string,
  input: { until?: string | null; days?: number | null; months?: number | null; after?: string | null },
) {
  const policy = await ctx.tolerance.policy(policyId);
  if (!policy) throw notFound(M.RECORDS_TOLERANCE_POLICY_NOT_FOUND({ id: policyId }));
  if (policy.outcome !== 'DEFER_REPORTING') throw badInput('policyId', M.RECORDS_POLICY_NOT_DEFERRAL({ id: policyId, name: policy.name }));
  const checked = checkDeferral(input);
  if ('problem' in checked) throw badInput(checked.problem.field, checked.problem.reason);
  const updated = await ctx.tolerance.setDeferral(policyId, checked.deferral);
  ctx.audit.note('TOLERANCE_POLICY', [], 'MUTATION');
  return policyShown(updated!, (await ctx.tolerance.emergencyResponse()).endedOn);
}

/**
 * Ends the emergency response. Records deferred "until N after the end of the emergency" get their date now,
 * and are disclosed from that day on (a later change of the end moves them again).
 */
export async function endEmergencyResponse(ctx: Scope, on: string) {
  const redate = (row: CreditRecordRow) => {
    // Only records waiting for the end of the emergency are re-dated (tolerance-store.ts): each has its decision and deferral.
    const decision = row.toleranceDecision!;
    const deferral = decision.deferral!;
    const deferredUntil = deferralEnd(deferral, { act: row.decisionDate, claim: decision.claimedOn ?? on, emergencyEnd: on });
    const explanation = deferralExplanation({ article: decision.article ?? 8, name: decision.policyName ?? '' }, deferral, deferredUntil);
    const extension = decision.extendedByDays ? `，并延长整改期${decision.extendedByDays}日` : '';
    return { deferredUntil, toleranceDecision: { ...decision, deferredUntil, explanation: explanation + extension } };
  };
  const redated = await ctx.tolerance.endEmergencyResponse(on, describePrincipal(ctx.principal), redate);
  ctx.audit.note('TOLERANCE_POLICY', [], 'MUTATION');
  ctx.audit.note(
    'CREDIT_RECORD',
    redated.filter((row) => !row.subjectIsPerson).map((row) => row.subjectId),
    'MUTATION',
  );
  return ctx.tolerance.emergencyResponse();
}
