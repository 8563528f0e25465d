import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { badInput, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, chinaToday } from '../kit/time.js';
import { activeMembership, type IncentivesData } from './data.js';
import { deriveSupervision } from './rules.js';
import { listMemberships, loanAuthorisations, type LoanAuthorisationRow } from './tables.js';
import { can, isInstitution, isSelf, ownSubject } from '../kit/access.js';

const a = loanAuthorisations;
/** An authorisation lasts at most a year; the subject grants again to go on. */
const MAX_DAYS = 366;

export const isAuthorisationActive = (row: LoanAuthorisationRow, today = chinaToday()): boolean =>
  row.revokedAt === null && row.validUntil >= today;

const activeAuthorisation = (today: string) => and(isNull(a.revokedAt), gte(a.validUntil, today));

/** 信易贷 (notice §7): authorisations by the subject, and the loan profile an authorised institution reads. */
export function createLoans(db: Db, data: IncentivesData) {
  return {
    async grant(ctx: PolicyScope, institutionId: string, validUntil: string): Promise<LoanAuthorisationRow> {
      const { principal } = ctx;
      if (!can(principal, 'grantLoanAccess') || !principal.subjectId)
        throw forbidden('only the subject itself grants access to its loan profile');
      const subjectId = principal.subjectId;
      if (isPersonSubjectId(subjectId)) throw badInput('subject', '信易贷 loan profiles are for organisations; natural persons have none');
      const institution = await data.unit(institutionId);
      if (!institution || institution.kind !== 'FINANCIAL_INSTITUTION')
        throw badInput('institution', `${institutionId} is not a financial institution on the platform`);
      const today = chinaToday();
      if (!isRealDate(validUntil)) throw badInput('validUntil', `${validUntil} is not a real date`);
      if (validUntil < today || validUntil > addDays(today, MAX_DAYS))
        throw badInput('validUntil', `must be between today (${today}) and ${addDays(today, MAX_DAYS)}`);
      const row = await db.transaction(async (tx) => {
        // One live authorisation per institution: a retry or a renewal extends it instead of adding one.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`loan:${subjectId}:${institutionId}`}))`);
        const [held] = await tx
          .select()
          .from(a)
          .where(and(eq(a.subjectId, subjectId), eq(a.institutionId, institutionId), activeAuthorisation(today)));
        if (held) return (await tx.update(a).set({ validUntil }).where(eq(a.id, held.id)).returning())[0]!;
        return (await tx.insert(a).values({ subjectId, institutionId, validUntil }).returning())[0]!;
      });
      ctx.audit.note('LOAN_PROFILE', [subjectId], 'MUTATION');
      return row;
    },

    async revoke(ctx: PolicyScope, id: string): Promise<LoanAuthorisationRow> {
      const uuid = asUuid(id);
      const [row] = uuid ? await db.select().from(a).where(eq(a.id, uuid)) : [];
      const { principal } = ctx;
      const mayRevoke = can(principal, 'administer') || isSelf(principal, row?.subjectId);
      if (!row || !mayRevoke) throw notFound(`loan authorisation ${id}`);
      if (row.revokedAt) return row;
      const [revoked] = await db.update(a).set({ revokedAt: new Date() }).where(eq(a.id, row.id)).returning();
      ctx.audit.note('LOAN_PROFILE', [row.subjectId], 'MUTATION');
      return revoked!;
    },

    async list(ctx: PolicyScope, activeOnly: boolean): Promise<LoanAuthorisationRow[]> {
      const { principal } = ctx;
      if (!can(principal, 'listLoanAuthorisations'))
        throw forbidden('信易贷 authorisations are shown to the subject, the institution and the credit office');
      const whose = can(principal, 'administer')
        ? undefined
        : isInstitution(principal)
          ? eq(a.institutionId, principal.unitId ?? '')
          : eq(a.subjectId, ownSubject(principal) ?? '');
      const rows = await db
        .select()
        .from(a)
        .where(and(whose, activeOnly ? activeAuthorisation(chinaToday()) : undefined))
        .orderBy(desc(a.grantedAt))
        .limit(500);
      ctx.audit.note(
        'LOAN_PROFILE',
        rows.map((row) => row.subjectId),
      );
      return rows;
    },

    async ofSubjects(subjectIds: readonly string[]): Promise<LoanAuthorisationRow[]> {
      return db
        .select()
        .from(a)
        .where(inArray(a.subjectId, [...subjectIds]))
        .orderBy(desc(a.grantedAt));
    },

    /**
     * The profile, for the institution only while the subject's authorisation lasts (and for the subject
     * and the credit office). An unauthorised ask learns nothing, not even whether the subject exists.
     */
    async profile(ctx: PolicyScope, subjectId: string) {
      const { principal } = ctx;
      const today = chinaToday();
      let authorisedUntil: string | null = null;
      if (can(principal, 'readLoanProfiles')) {
        const [grant] = await db
          .select()
          .from(a)
          .where(and(eq(a.subjectId, subjectId), eq(a.institutionId, principal.unitId ?? ''), activeAuthorisation(today)));
        if (!grant)
          throw forbidden(
            `no authorisation from subject ${subjectId} for ${principal.unitId}: the subject grants access with grantLoanAuthorisation`,
          );
        authorisedUntil = grant.validUntil;
      } else if (!(can(principal, 'administer') || isSelf(principal, subjectId))) {
        throw forbidden('loan profiles are read by institutions the subject authorised');
      }
      if (isPersonSubjectId(subjectId)) throw badInput('subject', '信易贷 loan profiles are for organisations');
      const [facts] = await data.subjectFacts([subjectId]);
      if (!facts) throw notFound(`subject ${subjectId}`);
      const lists = await db
        .select()
        .from(listMemberships)
        .where(and(eq(listMemberships.subjectId, subjectId), activeMembership(today)))
        .orderBy(desc(listMemberships.since));
      const counts = await data.recordCounts(subjectId, today);
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
    },
  };
}

export type Loans = ReturnType<typeof createLoans>;
