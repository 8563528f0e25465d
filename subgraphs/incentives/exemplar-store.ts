import { and, desc, eq, inArray, notLike, or, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { PERSON_ID_PATTERN } from '../kit/personal-data.js';
import { activeMembership } from './membership-store.js';
import { POSITIVE_KINDS } from '../kit/vocabulary.js';
import { EFFECTIVE_STATUSES } from './rules.js';
import { exemplarConsents, listMemberships, recordFacts, type RecordFactRow } from './tables.js';

/** The SQL of 诚信典型 (notice §14): red-list members, persons' separate consents, and the deeds they are honoured for. */

const m = listMemberships;

/** A subject with an active red-list membership, as the store reads it. */
export interface RedListed {
  subjectId: string;
  since: string;
  membershipId: string;
  /** The name a consenting person chose; null without consent. */
  displayName: string | null;
}

export function createExemplarStore(db: Db) {
  return {
    async consent(subjectId: string, displayName: string): Promise<void> {
      await db
        .insert(exemplarConsents)
        .values({ subjectId, displayName })
        .onConflictDoUpdate({ target: exemplarConsents.subjectId, set: { displayName, consentedAt: new Date() } });
    },

    async withdraw(subjectId: string): Promise<void> {
      await db.delete(exemplarConsents).where(eq(exemplarConsents.subjectId, subjectId));
    },

    /** One row per subject with an active red-list membership on `today`, newest first; keyset on (since, subject). */
    async page(size: number, after: { since: string; subjectId: string } | undefined, today: string): Promise<RedListed[]> {
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
            activeMembership(today),
            or(notLike(m.subjectId, PERSON_ID_PATTERN), sql`${exemplarConsents.subjectId} is not null`),
          ),
        )
        .orderBy(m.subjectId, desc(m.since))
        .as('newest');
      return db
        .select()
        .from(newest)
        .where(after ? sql`(${newest.since}, ${newest.subjectId}) < (${after.since}::date, ${after.subjectId})` : undefined)
        .orderBy(desc(newest.since), desc(newest.subjectId))
        .limit(size + 1);
    },

    /** Honest deeds and honours that still stand, newest first. */
    async deedsOf(subjectIds: readonly string[]): Promise<RecordFactRow[]> {
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

export type ExemplarStore = ReturnType<typeof createExemplarStore>;
