import { and, desc, eq, gte, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Tx } from '../kit/events.js';
import { groupBy } from '../kit/loaders.js';
import { anyOf } from '../kit/row-sets.js';
import { listMemberships, membershipCauses, recordFacts, type ListMembershipRow } from './tables.js';

/**
 * The SQL of list memberships and their causes: the reads behind the lists, the lock every change of
 * memberships takes, and the writing of a plan (membership-plan.ts decides it; consequences.ts and
 * administration.ts bring it here). No authorization: callers pass the row rule (policy.ts) as a filter.
 */

const m = listMemberships;

/** Active today: not ended, and the planned end not passed. */
export const activeMembership = (today: string): SQL => and(isNull(m.endedAt), or(isNull(m.until), gte(m.until, today)))!;

export interface HeldCause {
  recordId: string;
  liftedAt: Date | null;
}

export interface HeldMembership {
  id: string;
  subjectId: string;
  list: string;
  origin: string;
  since: string;
  until: string | null;
  endedAt: Date | null;
  endedBy: string | null;
  causes: HeldCause[];
}

export interface NewMembership {
  subjectId: string;
  list: string;
  reason: string;
  since: string;
  until: string;
  recordIds: string[];
  /** A membership whose whole span lies in the past (a record first seen after its end): written as ended history. */
  endReason?: string;
}

/** The changes to write for one or more subjects: what membership-plan.ts decides. */
export interface MembershipPlan {
  end: { id: string; reason: string }[];
  lift: { membershipId: string; recordId: string; reason: string }[];
  attach: { membershipId: string; recordId: string }[];
  redate: { id: string; until: string }[];
  insert: NewMembership[];
}

/** A membership the credit office puts on a list by hand. */
export interface ManualEntry {
  subjectId: string;
  list: string;
  reason: string;
  since: string;
  until: string | null;
  addedBy: string;
}

/** Serialises every change of memberships: rules and the credit office's hand alike. */
export async function lockMemberships(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('incentives-reassess'))`);
}

/** Every membership of these subjects (merged duplicates aside) with its causes. */
export async function heldMemberships(tx: Tx, subjectIds: string[]): Promise<HeldMembership[]> {
  const rows = await tx
    .select({
      id: m.id,
      subjectId: m.subjectId,
      list: m.list,
      origin: m.origin,
      since: m.since,
      until: m.until,
      endedAt: m.endedAt,
      endedBy: m.endedBy,
    })
    .from(m)
    .where(and(anyOf(m.subjectId, subjectIds), isNull(m.mergedInto)));
  if (!rows.length) return [];
  const causes = await tx
    .select({ membershipId: membershipCauses.membershipId, recordId: membershipCauses.recordId, liftedAt: membershipCauses.liftedAt })
    .from(membershipCauses)
    .where(
      anyOf(
        membershipCauses.membershipId,
        rows.map((row) => row.id),
      ),
    );
  const causesOf = groupBy(causes, (c) => c.membershipId);
  return rows.map((row) => ({ ...row, causes: (causesOf.get(row.id) ?? []).map(({ recordId, liftedAt }) => ({ recordId, liftedAt })) }));
}

/** Writes a plan: ends first (a lapsed membership makes room for a new one), then causes, dates and new memberships. */
export async function applyPlan(tx: Tx, plan: MembershipPlan, now = new Date()): Promise<void> {
  for (const end of plan.end)
    await tx
      .update(m)
      .set({ endedAt: now, endReason: end.reason })
      .where(and(eq(m.id, end.id), isNull(m.endedAt)));
  for (const lift of plan.lift) {
    await tx
      .update(membershipCauses)
      .set({ liftedAt: now, liftReason: lift.reason })
      .where(and(eq(membershipCauses.membershipId, lift.membershipId), eq(membershipCauses.recordId, lift.recordId)));
  }
  for (const redate of plan.redate) await tx.update(m).set({ until: redate.until }).where(eq(m.id, redate.id));
  const attach = async (rows: { membershipId: string; recordId: string }[]) => {
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(membershipCauses)
        .values(rows.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [membershipCauses.membershipId, membershipCauses.recordId],
          set: { liftedAt: null, liftReason: null },
        });
    }
  };
  await attach(plan.attach);
  // History first (ended memberships never meet the one-open index), one row per cause as it stood.
  const history = plan.insert.filter((d) => d.endReason !== undefined);
  for (let i = 0; i < history.length; i += 500) {
    const slice = history.slice(i, i + 500);
    const inserted = await tx
      .insert(m)
      .values(
        slice.map((d) => ({
          subjectId: d.subjectId,
          list: d.list,
          reason: d.reason,
          since: d.since,
          until: d.until,
          origin: 'RULE',
          endedAt: now,
          endReason: d.endReason,
        })),
      )
      .returning({ id: m.id });
    await attach(slice.flatMap((d, j) => d.recordIds.map((recordId) => ({ membershipId: inserted[j]!.id, recordId }))));
  }
  const current = plan.insert.filter((d) => d.endReason === undefined);
  for (let i = 0; i < current.length; i += 500) {
    const slice = current.slice(i, i + 500);
    // Upsert on the one-open-membership index: should another writer have opened the membership first, its
    // causes join that one rather than opening a second.
    const inserted = await tx
      .insert(m)
      .values(
        slice.map((d) => ({ subjectId: d.subjectId, list: d.list, reason: d.reason, since: d.since, until: d.until, origin: 'RULE' })),
      )
      .onConflictDoNothing({ target: [m.subjectId, m.list], where: sql`ended_at is null` })
      .returning({ id: m.id, subjectId: m.subjectId, list: m.list });
    const idOf = new Map(inserted.map((row) => [`${row.subjectId}|${row.list}`, row.id]));
    const missing = slice.filter((d) => !idOf.has(`${d.subjectId}|${d.list}`));
    for (const d of missing) {
      const [existing] = await tx
        .select({ id: m.id })
        .from(m)
        .where(and(eq(m.subjectId, d.subjectId), eq(m.list, d.list), isNull(m.endedAt)));
      if (existing) idOf.set(`${d.subjectId}|${d.list}`, existing.id);
    }
    await attach(slice.flatMap((d) => d.recordIds.map((recordId) => ({ membershipId: idOf.get(`${d.subjectId}|${d.list}`)!, recordId }))));
  }
}

/** One membership as it stands, inside the caller's transaction. */
export async function membershipIn(tx: Tx, id: string): Promise<ListMembershipRow | undefined> {
  const [row] = await tx.select().from(m).where(eq(m.id, id));
  return row;
}

/** Writes a membership added by hand (origin MANUAL). */
export async function insertManualEntry(tx: Tx, entry: ManualEntry): Promise<ListMembershipRow> {
  const [inserted] = await tx
    .insert(m)
    .values({ ...entry, origin: 'MANUAL' })
    .returning();
  return inserted!;
}

export function createMembershipStore(db: Db) {
  return {
    /** One transaction for a change that reads and writes memberships together (the lock is the caller's to take). */
    transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return db.transaction(work);
    },

    async membershipsOfSubjects(subjectIds: readonly string[], visible: SQL | undefined): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(and(inArray(m.subjectId, [...subjectIds]), isNull(m.mergedInto), visible))
        .orderBy(desc(m.since), desc(m.id));
    },

    async membershipsByIds(ids: readonly string[]): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(inArray(m.id, [...ids]));
    },

    async membership(id: string): Promise<ListMembershipRow | undefined> {
      const [row] = await db.select().from(m).where(eq(m.id, id));
      return row;
    },

    /** Ends a membership by hand: who ended it is kept, so a rule never re-adds it. */
    async endByHand(id: string, reason: string, endedBy: string): Promise<ListMembershipRow> {
      const [ended] = await db.update(m).set({ endedAt: new Date(), endReason: reason, endedBy }).where(eq(m.id, id)).returning();
      return ended!;
    },

    /** Causing records of memberships (lifted ones too), with what the projection knows of each (undefined if not yet projected). */
    async causesOf(membershipIds: readonly string[]) {
      const rows = await db
        .select({ cause: membershipCauses, fact: recordFacts })
        .from(membershipCauses)
        .leftJoin(recordFacts, eq(recordFacts.recordId, membershipCauses.recordId))
        .where(inArray(membershipCauses.membershipId, [...membershipIds]));
      return rows.map(({ cause, fact }) => ({ ...cause, fact: fact ?? undefined }));
    },

    /** Active members of one list on `today`, newest first; keyset on (since, id). */
    async listMembers(
      list: string,
      size: number,
      after: { since: string; id: string } | undefined,
      visible: SQL | undefined,
      today: string,
    ): Promise<ListMembershipRow[]> {
      return db
        .select()
        .from(m)
        .where(
          and(
            eq(m.list, list),
            activeMembership(today),
            visible,
            after ? sql`(${m.since}, ${m.id}) < (${after.since}::date, ${after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(m.since), desc(m.id))
        .limit(size + 1);
    },

    /** The lists each subject is on today, once per list. */
    async activeListsOf(subjectIds: string[], today: string): Promise<{ subjectId: string; list: string }[]> {
      return db
        .selectDistinct({ subjectId: m.subjectId, list: m.list })
        .from(m)
        .where(and(inArray(m.subjectId, subjectIds), activeMembership(today)));
    },

    async ping(): Promise<void> {
      await db.select({ id: m.id }).from(m).limit(1);
    },
  };
}

export type MembershipStore = ReturnType<typeof createMembershipStore>;
