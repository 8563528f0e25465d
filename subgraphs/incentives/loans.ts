import { can, isInstitution, isSelf, ownSubject } from '../kit/access.js';
import { badInput, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, chinaToday } from '../kit/time.js';
import type { DirectoryStore } from './directory-store.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { INCENTIVES_MESSAGES as M } from './messages.js';
import type { AuthorisationsOf, LoanStore } from './loan-store.js';
import type { RecordFactStore } from './record-fact-store.js';
import { deriveSupervision } from './rules.js';
import type { LoanAuthorisationRow } from './tables.js';

/** 信易贷 (notice §7): authorisations by the subject, and the loan profile an authorised institution reads. */

/** An authorisation lasts at most a year; the subject grants again to go on. */
const MAX_DAYS = 366;

export const isAuthorisationActive = (row: LoanAuthorisationRow, today = chinaToday()): boolean =>
  row.revokedAt === null && row.validUntil >= today;

export async function grantLoanAuthorisation(
  ctx: PolicyScope,
  data: { loans: LoanStore; directory: DirectoryStore },
  institutionId: string,
  validUntil: string,
): Promise<LoanAuthorisationRow> {
  const { principal } = ctx;
  if (!can(principal, 'grantLoanAccess') || !principal.subjectId) throw forbidden(M.INCENTIVES_LOAN_GRANT_SUBJECT_ONLY());
  const subjectId = principal.subjectId;
  if (isPersonSubjectId(subjectId)) throw badInput('subject', M.INCENTIVES_LOAN_NOT_FOR_PERSONS());
  const institution = await data.directory.unit(institutionId);
  if (!institution || institution.kind !== 'FINANCIAL_INSTITUTION')
    throw badInput('institution', M.INCENTIVES_NOT_A_FINANCIAL_INSTITUTION({ id: institutionId }));
  const today = chinaToday();
  if (!isRealDate(validUntil)) throw badInput('validUntil', KIT_MESSAGES.DATE_INVALID({ value: validUntil }));
  if (validUntil < today || validUntil > addDays(today, MAX_DAYS))
    throw badInput('validUntil', M.INCENTIVES_VALID_UNTIL_RANGE({ today, last: addDays(today, MAX_DAYS) }));
  const row = await data.loans.grant(subjectId, institutionId, validUntil, today);
  ctx.audit.note('LOAN_PROFILE', [subjectId], 'MUTATION');
  return row;
}

export async function revokeLoanAuthorisation(ctx: PolicyScope, data: { loans: LoanStore }, id: string): Promise<LoanAuthorisationRow> {
  const uuid = asUuid(id);
  const row = uuid ? await data.loans.authorisation(uuid) : undefined;
  const { principal } = ctx;
  const mayRevoke = can(principal, 'administer') || isSelf(principal, row?.subjectId);
  if (!row || !mayRevoke) throw notFound(M.INCENTIVES_LOAN_AUTHORISATION_NOT_FOUND({ id }));
  if (row.revokedAt) return row;
  const revoked = await data.loans.revoke(row.id);
  ctx.audit.note('LOAN_PROFILE', [row.subjectId], 'MUTATION');
  return revoked;
}

export async function loanAuthorisations(
  ctx: PolicyScope,
  data: { loans: LoanStore },
  activeOnly: boolean,
): Promise<LoanAuthorisationRow[]> {
  const { principal } = ctx;
  if (!can(principal, 'listLoanAuthorisations')) throw forbidden(M.INCENTIVES_LOAN_AUTHORISATIONS_WHO());
  const whose: AuthorisationsOf = can(principal, 'administer')
    ? {}
    : isInstitution(principal)
      ? { institutionId: principal.unitId ?? '' }
      : { subjectId: ownSubject(principal) ?? '' };
  const rows = await data.loans.list(whose, activeOnly ? chinaToday() : undefined);
  ctx.audit.note(
    'LOAN_PROFILE',
    rows.map((row) => row.subjectId),
  );
  return rows;
}

/**
 * The profile, for the institution only while the subject's authorisation lasts (and for the subject
 * and the credit office). An unauthorised ask learns nothing, not even whether the subject exists.
 */
export async function loanProfile(
  ctx: PolicyScope,
  data: { loans: LoanStore; directory: DirectoryStore; facts: RecordFactStore },
  subjectId: string,
) {
  const { principal } = ctx;
  const today = chinaToday();
  let authorisedUntil: string | null = null;
  if (can(principal, 'readLoanProfiles')) {
    const grant = await data.loans.activeGrant(subjectId, principal.unitId ?? '', today);
    if (!grant) throw forbidden(M.INCENTIVES_LOAN_NOT_AUTHORISED({ subject: subjectId, institution: principal.unitId ?? '' }));
    authorisedUntil = grant.validUntil;
  } else if (!(can(principal, 'administer') || isSelf(principal, subjectId))) {
    throw forbidden(M.INCENTIVES_LOAN_PROFILE_WHO());
  }
  if (isPersonSubjectId(subjectId)) throw badInput('subject', M.INCENTIVES_LOAN_NOT_FOR_PERSONS());
  const [facts] = await data.directory.subjectFacts([subjectId]);
  if (!facts) throw notFound(M.INCENTIVES_SUBJECT_NOT_FOUND({ id: subjectId }));
  const lists = await data.loans.activeLists(subjectId, today);
  const counts = await data.facts.recordCounts(subjectId, today);
  // The level follows from what the profile reads anyway: its active lists and the negative records counting today.
  const negatives = counts.negative.reduce((sum, row) => sum + Number(row.n), 0);
  ctx.audit.note('LOAN_PROFILE', [subjectId]);
  return {
    subject: { id: subjectId },
    supervision: {
      ...deriveSupervision(
        lists.map((row) => row.list),
        negatives,
      ),
      assessedAt: new Date(),
    },
    lists,
    negativeRecords: counts.negative.map((row) => ({ severity: row.severity ?? 'GENERAL', count: Number(row.n) })),
    positiveRecords: counts.positive.map((row) => ({ kind: row.kind, count: Number(row.n) })),
    epidemicSupplyProducer: facts.tags.includes('EPIDEMIC_SUPPLY_PRODUCER'),
    hardHitSme: facts.tags.includes('HARD_HIT'),
    authorisedUntil,
  };
}
