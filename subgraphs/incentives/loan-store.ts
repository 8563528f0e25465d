import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { activeMembership } from './membership-store.js';
import { listMemberships, loanAuthorisations, type ListMembershipRow, type LoanAuthorisationRow } from './tables.js';

/** The SQL of 信易贷: the subjects' authorisations and what a loan profile reads of the lists. */

const a = loanAuthorisations;

const activeAuthorisation = (today: string) => and(isNull(a.revokedAt), gte(a.validUntil, today));

/** Whose authorisations a listing shows: one institution's received, one subject's granted, or (neither) all. */
export interface AuthorisationsOf {
  institutionId?: string;
  subjectId?: string;
}

export function createLoanStore(db: Db) {
  return {
    /** Grants access until `validUntil`, or extends the live authorisation for the same institution. */
    async grant(subjectId: string, institutionId: string, validUntil: string, today: string): Promise<LoanAuthorisationRow> {
      return db.transaction(async (tx) => {
        // One live authorisation per institution: a retry or a renewal extends it instead of adding one.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`loan:${subjectId}:${institutionId}`}))`);
        const [held] = await tx
          .select()
          .from(a)
          .where(and(eq(a.subjectId, subjectId), eq(a.institutionId, institutionId), activeAuthorisation(today)));
        if (held) return (await tx.update(a).set({ validUntil }).where(eq(a.id, held.id)).returning())[0]!;
        return (await tx.insert(a).values({ subjectId, institutionId, validUntil }).returning())[0]!;
      });
    },

    async authorisation(id: string): Promise<LoanAuthorisationRow | undefined> {
      const [row] = await db.select().from(a).where(eq(a.id, id));
      return row;
    },

    async revoke(id: string): Promise<LoanAuthorisationRow> {
      const [revoked] = await db.update(a).set({ revokedAt: new Date() }).where(eq(a.id, id)).returning();
      return revoked!;
    },

    /** Newest first, at most 500; only those still in force on `activeOn` when it is given. */
    async list(whose: AuthorisationsOf, activeOn: string | undefined): Promise<LoanAuthorisationRow[]> {
      return db
        .select()
        .from(a)
        .where(
          and(
            whose.institutionId !== undefined ? eq(a.institutionId, whose.institutionId) : undefined,
            whose.subjectId !== undefined ? eq(a.subjectId, whose.subjectId) : undefined,
            activeOn !== undefined ? activeAuthorisation(activeOn) : undefined,
          ),
        )
        .orderBy(desc(a.grantedAt))
        .limit(500);
    },

    async ofSubjects(subjectIds: readonly string[]): Promise<LoanAuthorisationRow[]> {
      return db
        .select()
        .from(a)
        .where(inArray(a.subjectId, [...subjectIds]))
        .orderBy(desc(a.grantedAt));
    },

    /** The subject's authorisation for this institution in force today, if any. */
    async activeGrant(subjectId: string, institutionId: string, today: string): Promise<LoanAuthorisationRow | undefined> {
      const [grant] = await db
        .select()
        .from(a)
        .where(and(eq(a.subjectId, subjectId), eq(a.institutionId, institutionId), activeAuthorisation(today)));
      return grant;
    },

    /** The subject's active memberships of all lists, newest first. */
    async activeLists(subjectId: string, today: string): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(listMemberships)
        .where(and(eq(listMemberships.subjectId, subjectId), activeMembership(today)))
        .orderBy(desc(listMemberships.since));
    },
  };
}

export type LoanStore = ReturnType<typeof createLoanStore>;
