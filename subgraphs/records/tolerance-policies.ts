import { describePrincipal } from '../kit/audit.js';
import { badInput, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { checkDeferral, deferralEnd } from './deferral.js';
import type { IntakeStore } from './intake-store.js';
import type { CreditRecordRow, TolerancePolicyRow } from './tables.js';
import { deferralExplanation, type ToleranceDecision } from './tolerance.js';

type Scope = PolicyScope & { intake: IntakeStore };

/**
 * The credit office sets how long a DEFER_REPORTING policy defers (暂缓报送期限). Claims decided from then on
 * use it; a record already deferred keeps the deferral it was decided with (its decision says which).
 * Who may: the field policy (setTolerancePolicies, the credit office).
 */
export async function setToleranceDeferral(
  ctx: Scope,
  policyId: string,
  input: { until?: string | null; days?: number | null; months?: number | null; after?: string | null },
): Promise<TolerancePolicyRow> {
  const policy = await ctx.intake.policy(policyId);
  if (!policy) throw notFound(`tolerance policy ${policyId}`);
  if (policy.outcome !== 'DEFER_REPORTING')
    throw badInput('policyId', `政策 ${policyId}（${policy.name}）的措施不是暂缓信息报送（DEFER_REPORTING），不设暂缓期限`);
  const checked = checkDeferral(input);
  if ('problem' in checked) throw badInput(checked.problem.field, checked.problem.reason);
  const updated = await ctx.intake.setDeferral(policyId, checked.deferral);
  ctx.audit.note('TOLERANCE_POLICY', [], 'MUTATION');
  return updated!;
}

/**
 * Ends the emergency response. Records deferred "until N after the end of the emergency" get their date now,
 * and are disclosed from that day on (a later change of the end moves them again).
 */
export async function endEmergencyResponse(ctx: Scope, on: string) {
  const redate = (row: CreditRecordRow) => {
    const decision = row.toleranceDecision as ToleranceDecision;
    const deferral = decision.deferral!;
    const deferredUntil = deferralEnd(deferral, { act: row.decisionDate, claim: decision.claimedOn ?? on, emergencyEnd: on });
    const explanation = deferralExplanation({ article: decision.article ?? 8, name: decision.policyName ?? '' }, deferral, deferredUntil);
    const extension = decision.extendedByDays ? `，并延长整改期${decision.extendedByDays}日` : '';
    return { deferredUntil, toleranceDecision: { ...decision, deferredUntil, explanation: explanation + extension } };
  };
  const redated = await ctx.intake.endEmergencyResponse(on, describePrincipal(ctx.principal), redate);
  ctx.audit.note('TOLERANCE_POLICY', [], 'MUTATION');
  ctx.audit.note(
    'CREDIT_RECORD',
    redated.filter((row) => !row.subjectIsPerson).map((row) => row.subjectId),
    'MUTATION',
  );
  return ctx.intake.emergencyResponse();
}
