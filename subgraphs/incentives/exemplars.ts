import { and, desc, eq, inArray, notLike, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { isPersonSubjectId, PERSON_ID_PATTERN } from '../kit/personal-data.js';
import { chinaToday } from '../kit/time.js';
import { activeMembership } from './data.js';
import { EFFECTIVE_STATUSES, POSITIVE_KINDS } from './rules.js';
import { exemplarConsents, listMemberships, recordFacts } from './tables.js';
import { can } from '../kit/access.js';

const m = listMemberships;

export interface ExemplarRow {
  subjectId: string;
  isPerson: boolean;
  displayName: string | null;
  since: string;
  membershipId: string;
}

function requirePerson(ctx: PolicyScope): string {
  const { principal } = ctx;
  if (!can(principal, 'consentToPublicity') || !principal.subjectId)
    throw forbidden('only the person concerned gives or withdraws this consent');
  if (!isPersonSubjectId(principal.subjectId))
    throw badInput('subject', 'organisations need no consent: red-list organisations are shown as exemplars');
  return principal.subjectId;
}

/** 诚信典型 for the portal (notice §14): red-list organisations, and persons only with their separate consent. */
export function createExemplars(db: Db) {
  return {
    async consent(ctx: PolicyScope, displayName: string): Promise<boolean> {
      const subjectId = requirePerson(ctx);
      const name = displayName.trim();
      if (!name || name.length > 40) throw badInput('displayName', 'must be the name to show, 1 to 40 characters');
      await db
        .insert(exemplarConsents)
        .values({ subjectId, displayName: name })
        .onConflictDoUpdate({ target: exemplarConsents.subjectId, set: { displayName: name, consentedAt: new Date() } });
      ctx.audit.note('PERSON_SUBJECT', [subjectId], 'MUTATION');
      return true;
    },

    async withdraw(ctx: PolicyScope): Promise<boolean> {
      const subjectId = requirePerson(ctx);
      await db.delete(exemplarConsents).where(eq(exemplarConsents.subjectId, subjectId));
      ctx.audit.note('PERSON_SUBJECT', [subjectId], 'MUTATION');
      return true;
    },

    /** One row per subject with an active red-list membership, newest first; keyset on (since, subject). */
    async page(size: number, after: { since: string; subjectId: string } | undefined): Promise<ExemplarRow[]> {
      // A person's name shows only under their consent; the join is what admits them at all.
      const newest = db
        .selectDistinctOn([m.subjectId], {
          subjectId: m.subjectId,
          since: m.since,
          membershipId: m.id,
          displayName: exemplarConsents.displayName,
        })
        .from(m)
        .leftJoin(exemplarConsents, eq(exemplarConsents.subjectId, m.subjectId))
        .where(
          and(
            eq(m.list, 'RED'),
            activeMembership(chinaToday()),
            or(notLike(m.subjectId, PERSON_ID_PATTERN), sql`${exemplarConsents.subjectId} is not null`),
          ),
        )
        .orderBy(m.subjectId, desc(m.since))
        .as('newest');
      const rows = await db
        .select()
        .from(newest)
        .where(after ? sql`(${newest.since}, ${newest.subjectId}) < (${after.since}::date, ${after.subjectId})` : undefined)
        .orderBy(desc(newest.since), desc(newest.subjectId))
        .limit(size + 1);
      return rows.map((row) => ({
        ...row,
        isPerson: isPersonSubjectId(row.subjectId),
        displayName: isPersonSubjectId(row.subjectId) ? row.displayName : null,
      }));
    },

    /** Honest deeds and honours that still stand, newest first. */
    async deedsOf(subjectIds: readonly string[]) {
      return db
        .select()
        .from(recordFacts)
        .where(
          and(
            inArray(recordFacts.subjectId, [...subjectIds]),
            inArray(recordFacts.kind, POSITIVE_KINDS),
            inArray(recordFacts.status, EFFECTIVE_STATUSES),
          ),
        )
        .orderBy(desc(recordFacts.decisionDate));
    },
  };
}

export type Exemplars = ReturnType<typeof createExemplars>;
