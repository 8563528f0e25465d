import { and, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { groupBy } from '../kit/loaders.js';
import type { RecordFacts } from '../kit/event-contracts.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import { addDays, addMonths, chinaToday } from '../kit/time.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { planMovedAway, planPoints, type PlannedEntry, type RecordLedger } from './points.js';
import { planSubject, type HeldMembership, type MembershipPlan } from './membership-plan.js';
import type { RecordFact } from './rules.js';
import { listMemberships, membershipCauses, pointsEntries, pointsRules, recordFacts } from './tables.js';

const m = listMemberships;

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
}

/**
 * Keeps incentives' view of records current: the last event of each record in a page wins, and an event
 * from earlier in records' log than the one applied (a replay after a cursor reset) never rolls it back.
 * Log position, not the record's version: a status change keeps the version. The event last applied is
 * applied again on a replay, which fills columns added to the projection since (the 0005 migration replays).
 *
 * Nothing of a record is fixed: a correction may give it another subject, category, kind or severity.
 * The subjects to re-assess are therefore those the projection held before the page as well as those the
 * page names, so the subject a record leaves loses what it caused and the one it moves to gains it.
 */
export async function projectRecords(tx: Tx, events: FeedEvent[]): Promise<string[]> {
  const newest = new Map<string, { r: RecordFacts; event: FeedEvent }>();
  for (const event of events)
    newest.set((event.payload as unknown as RecordFacts).id, { r: event.payload as unknown as RecordFacts, event });
  if (!newest.size) return [];
  const held = await tx
    .select({ subjectId: recordFacts.subjectId })
    .from(recordFacts)
    .where(inArray(recordFacts.recordId, [...newest.keys()]));
  const values = [...newest.values()].map(({ r, event }) => ({
    recordId: r.id,
    subjectId: r.subjectId,
    subjectIsPerson: r.subjectIsPerson,
    category: r.category,
    categoryLabel: r.categoryLabel,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    decisionDate: r.decisionDate,
    publicUntil: r.publicUntil,
    deferredUntil: r.deferredUntil ?? null,
    reportingUnitId: r.reportingUnitId ?? null,
    // Events from before effectUntil was part of the contract: the longest period any rule gives.
    effectUntil:
      r.effectUntil !== undefined
        ? r.effectUntil
        : r.kind === 'ADMINISTRATIVE_PENALTY' || r.kind === 'DISHONEST_CONDUCT'
          ? (r.publicUntil ?? addMonths(r.decisionDate, 36))
          : null,
    version: r.version,
    feedTxid: BigInt(event.txid),
    feedId: event.id,
  }));
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await tx
    .insert(recordFacts)
    .values(values)
    .onConflictDoUpdate({
      target: recordFacts.recordId,
      set: {
        subjectId: excluded('subject_id'),
        subjectIsPerson: excluded('subject_is_person'),
        category: excluded('category'),
        categoryLabel: excluded('category_label'),
        kind: excluded('kind'),
        severity: excluded('severity'),
        status: excluded('status'),
        decisionDate: excluded('decision_date'),
        publicUntil: excluded('public_until'),
        deferredUntil: excluded('deferred_until'),
        reportingUnitId: excluded('reporting_unit_id'),
        effectUntil: excluded('effect_until'),
        version: excluded('version'),
        feedTxid: excluded('feed_txid'),
        feedId: excluded('feed_id'),
        updatedAt: new Date(),
      },
      setWhere: sql`(${recordFacts.feedTxid}, ${recordFacts.feedId}) <= (excluded.feed_txid, excluded.feed_id)`,
    });
  const named = events.map((event) => (event.payload as unknown as RecordFacts).subjectId);
  return [...new Set([...held.map((row) => row.subjectId), ...named])];
}

/**
 * Brings list memberships and Loucheng points of these subjects in line with their records. Computed
 * from the projection, never from the event alone, so applying the same page twice changes nothing.
 * One membership per subject and list, carrying all its causes (membership-plan.ts).
 */
export async function reassessSubjects(tx: Tx, subjectIds: string[], today = chinaToday()): Promise<void> {
  if (!subjectIds.length) return;
  // The consumer, the expiry sweep, the credit office's addListEntry (and other instances) may touch the
  // same subject at once: one at a time. The unique open-membership index is the last line behind it.
  await lockMemberships(tx);
  const facts = await tx.select().from(recordFacts).where(inArray(recordFacts.subjectId, subjectIds));
  const held = await heldMemberships(tx, subjectIds);
  // A membership's record may now be another subject's (a correction moved it): its end reason says so.
  const own = new Set(facts.map((f) => f.recordId));
  const elsewhere = [...new Set(held.flatMap((row) => row.causes.map((c) => c.recordId)))].filter((id) => !own.has(id));
  const movedAway = elsewhere.length ? await tx.select().from(recordFacts).where(inArray(recordFacts.recordId, elsewhere)) : [];
  const factsById = new Map([...facts, ...movedAway].map((f) => [f.recordId, f]));
  const factsOf = groupBy(facts, (f) => f.subjectId);
  const heldOf = groupBy(held, (row) => row.subjectId);
  const plans = subjectIds.map((subjectId) =>
    planSubject(subjectId, factsOf.get(subjectId) ?? [], heldOf.get(subjectId) ?? [], factsById, today),
  );
  const now = new Date();
  await applyPlan(
    tx,
    {
      end: plans.flatMap((p) => p.end),
      lift: plans.flatMap((p) => p.lift),
      attach: plans.flatMap((p) => p.attach),
      redate: plans.flatMap((p) => p.redate),
      insert: plans.flatMap((p) => p.insert),
    },
    now,
  );
  await bookPoints(tx, subjectIds, facts, now);
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
    .where(and(inArray(m.subjectId, subjectIds), isNull(m.mergedInto)));
  if (!rows.length) return [];
  const causes = await tx
    .select({ membershipId: membershipCauses.membershipId, recordId: membershipCauses.recordId, liftedAt: membershipCauses.liftedAt })
    .from(membershipCauses)
    .where(
      inArray(
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

/**
 * Time lifts consequences too: a negative record that stops counting lets its subject back on the red
 * list. Re-assesses the subjects whose records ended their effect in the last `days` days (idempotent, so
 * running it often or twice changes nothing); memberships themselves lapse by their date without it.
 */
export async function reassessExpired(db: Db, today = chinaToday(), days = 30): Promise<number> {
  const rows = await db
    .selectDistinct({ subjectId: recordFacts.subjectId })
    .from(recordFacts)
    .where(and(lt(recordFacts.effectUntil, today), gte(recordFacts.effectUntil, addDays(today, -days))));
  const subjectIds = rows.map((row) => row.subjectId);
  for (let i = 0; i < subjectIds.length; i += 500) await db.transaction((tx) => reassessSubjects(tx, subjectIds.slice(i, i + 500), today));
  return subjectIds.length;
}

/**
 * Loucheng points of these subjects' records, per record and person: the person a record names is booked
 * (planPoints), and any other person still holding points for it — the record was corrected to another
 * subject — is reversed (planMovedAway). Ledgers are read for the records these subjects have now and for
 * those they still hold points for, so both sides are settled whichever subject is re-assessed.
 */
async function bookPoints(tx: Tx, subjectIds: string[], facts: RecordFact[], now: Date): Promise<void> {
  const persons = subjectIds.filter(isPersonSubjectId);
  if (!facts.length && !persons.length) return;
  const byRecordId = sql.join(
    facts.map((f) => sql`${f.recordId}::uuid`),
    sql`, `,
  );
  const bySubject = sql.join(
    persons.map((id) => sql`${id}`),
    sql`, `,
  );
  const ledgers = rowsOf<{ recordId: string; subjectId: string; sum: number | string; basis: string | null }>(
    await tx.execute(sql`
      select record_id as "recordId", subject_id as "subjectId", sum(delta) as sum,
        (array_agg(basis order by at desc, id desc) filter (where entry_kind <> 'REVERSAL'))[1] as basis
      from ${pointsEntries}
      where record_id is not null and (${facts.length ? sql`record_id in (${byRecordId})` : sql`false`} or ${persons.length ? sql`subject_id in (${bySubject})` : sql`false`})
      group by record_id, subject_id`),
  );
  const factOf = new Map(facts.map((f) => [f.recordId, f]));
  const missing = [...new Set(ledgers.map((l) => l.recordId))].filter((id) => !factOf.has(id));
  if (missing.length)
    for (const f of await tx.select().from(recordFacts).where(inArray(recordFacts.recordId, missing))) factOf.set(f.recordId, f);
  const ledgerKey = (recordId: string, subjectId: string) => `${recordId}|${subjectId}`;
  const held = new Map<string, RecordLedger>(
    ledgers.map((l) => [ledgerKey(l.recordId, l.subjectId), { sum: Number(l.sum), basis: l.basis }]),
  );
  const none: RecordLedger = { sum: 0, basis: null };
  const rules = Object.fromEntries((await tx.select().from(pointsRules)).map((rule) => [rule.basis, rule.points]));
  const planned = [
    ...facts.map((f) => planPoints(f, held.get(ledgerKey(f.recordId, f.subjectId)) ?? none, rules)),
    ...ledgers.map((l) => {
      const fact = factOf.get(l.recordId);
      return fact ? planMovedAway(fact, l.subjectId, { sum: Number(l.sum), basis: l.basis }) : null;
    }),
  ].filter((p): p is PlannedEntry => p !== null);
  for (let i = 0; i < planned.length; i += 500)
    await tx.insert(pointsEntries).values(planned.slice(i, i + 500).map((p) => ({ ...p, at: now })));
}
