import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { groupBy } from '../kit/loaders.js';
import type { RecordFacts } from '../kit/event-contracts.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import { addDays, addMonths, chinaToday } from '../kit/time.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { planMovedAway, planPoints, type PlannedEntry, type RecordLedger } from './points.js';
import { desiredMemberships, liftReason, membershipKey, type DesiredMembership, type RecordFact } from './rules.js';
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
  for (const event of events) newest.set((event.payload as unknown as RecordFacts).id, { r: event.payload as unknown as RecordFacts, event });
  if (!newest.size) return [];
  const held = await tx.select({ subjectId: recordFacts.subjectId }).from(recordFacts).where(inArray(recordFacts.recordId, [...newest.keys()]));
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
    effectUntil: r.effectUntil !== undefined ? r.effectUntil : r.kind === 'ADMINISTRATIVE_PENALTY' || r.kind === 'DISHONEST_CONDUCT' ? (r.publicUntil ?? addMonths(r.decisionDate, 36)) : null,
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

interface RuleMembership {
  id: string;
  list: string;
  recordId: string;
  until: string | null;
  endedAt: Date | null;
  endedBy: string | null;
}

/** The membership changes one subject's records call for, against the rule memberships it has. */
function planMemberships(subjectId: string, desired: DesiredMembership[], held: RuleMembership[], facts: Map<string, RecordFact>, today: string) {
  const wanted = new Map(desired.map((d) => [d.key, d]));
  const byKey = groupBy(held, (row) => membershipKey(row.list, row.recordId));
  const toEnd: { id: string; reason: string }[] = [];
  const toInsert: DesiredMembership[] = [];
  const toRedate: { id: string; until: string }[] = [];
  for (const row of held) {
    if (row.endedAt || (row.until !== null && row.until < today)) continue;
    const want = wanted.get(membershipKey(row.list, row.recordId));
    if (!want) toEnd.push({ id: row.id, reason: liftReason(row.list, facts.get(row.recordId), subjectId) });
    else if (want.until !== row.until) toRedate.push({ id: row.id, until: want.until });
  }
  for (const want of desired) {
    const rows = byKey.get(want.key) ?? [];
    // Ended by hand: the credit office's decision stands against the rule.
    if (rows.some((row) => !row.endedAt || row.endedBy !== null)) continue;
    const since = rows.length ? today : want.since;
    if (want.until < since) continue;
    toInsert.push({ ...want, since });
  }
  return { toEnd, toInsert, toRedate };
}

/**
 * Brings list memberships and Loucheng points of these subjects in line with their records. Computed
 * from the projection, never from the event alone, so applying the same page twice changes nothing.
 */
export async function reassessSubjects(tx: Tx, subjectIds: string[], today = chinaToday()): Promise<void> {
  if (!subjectIds.length) return;
  // The consumer and the expiry sweep (and other instances) may re-assess the same subject at once: one at a time.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('incentives-reassess'))`);
  const facts = await tx.select().from(recordFacts).where(inArray(recordFacts.subjectId, subjectIds));
  const held = await tx
    .select({ id: m.id, subjectId: m.subjectId, list: m.list, recordId: membershipCauses.recordId, until: m.until, endedAt: m.endedAt, endedBy: m.endedBy })
    .from(m)
    .innerJoin(membershipCauses, eq(membershipCauses.membershipId, m.id))
    .where(and(inArray(m.subjectId, subjectIds), eq(m.origin, 'RULE')));
  // A membership's record may now be another subject's (a correction moved it): its end reason says so.
  const own = new Set(facts.map((f) => f.recordId));
  const elsewhere = [...new Set(held.map((row) => row.recordId))].filter((id) => !own.has(id));
  const movedAway = elsewhere.length ? await tx.select().from(recordFacts).where(inArray(recordFacts.recordId, elsewhere)) : [];
  const factsById = new Map([...facts, ...movedAway].map((f) => [f.recordId, f]));
  const toEnd: { id: string; reason: string }[] = [];
  const toInsert: DesiredMembership[] = [];
  const toRedate: { id: string; until: string }[] = [];
  const factsOf = groupBy(facts, (f) => f.subjectId);
  const heldOf = groupBy(held, (row) => row.subjectId);
  for (const subjectId of subjectIds) {
    const plan = planMemberships(subjectId, desiredMemberships(factsOf.get(subjectId) ?? [], today), heldOf.get(subjectId) ?? [], factsById, today);
    toEnd.push(...plan.toEnd);
    toInsert.push(...plan.toInsert);
    toRedate.push(...plan.toRedate);
  }
  const now = new Date();
  for (const end of toEnd) await tx.update(m).set({ endedAt: now, endReason: end.reason }).where(eq(m.id, end.id));
  for (const redate of toRedate) await tx.update(m).set({ until: redate.until }).where(eq(m.id, redate.id));
  for (let i = 0; i < toInsert.length; i += 500) {
    const slice = toInsert.slice(i, i + 500);
    const inserted = await tx
      .insert(m)
      .values(slice.map((d) => ({ subjectId: d.subjectId, list: d.list, reason: d.reason, since: d.since, until: d.until, origin: 'RULE' })))
      .returning({ id: m.id });
    await tx.insert(membershipCauses).values(slice.map((d, j) => ({ membershipId: inserted[j]!.id, recordId: d.recordId })));
  }
  await bookPoints(tx, subjectIds, facts, now);
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
  const byRecordId = sql.join(facts.map((f) => sql`${f.recordId}::uuid`), sql`, `);
  const bySubject = sql.join(persons.map((id) => sql`${id}`), sql`, `);
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
  if (missing.length) for (const f of await tx.select().from(recordFacts).where(inArray(recordFacts.recordId, missing))) factOf.set(f.recordId, f);
  const ledgerKey = (recordId: string, subjectId: string) => `${recordId}|${subjectId}`;
  const held = new Map<string, RecordLedger>(ledgers.map((l) => [ledgerKey(l.recordId, l.subjectId), { sum: Number(l.sum), basis: l.basis }]));
  const none: RecordLedger = { sum: 0, basis: null };
  const rules = Object.fromEntries((await tx.select().from(pointsRules)).map((rule) => [rule.basis, rule.points]));
  const planned = [
    ...facts.map((f) => planPoints(f, held.get(ledgerKey(f.recordId, f.subjectId)) ?? none, rules)),
    ...ledgers.map((l) => {
      const fact = factOf.get(l.recordId);
      return fact ? planMovedAway(fact, l.subjectId, { sum: Number(l.sum), basis: l.basis }) : null;
    }),
  ].filter((p): p is PlannedEntry => p !== null);
  for (let i = 0; i < planned.length; i += 500) await tx.insert(pointsEntries).values(planned.slice(i, i + 500).map((p) => ({ ...p, at: now })));
}
