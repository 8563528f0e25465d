import type { TypedEvent } from '../kit/event-map.js';
import type { RecordFacts } from '../kit/event-contracts.js';
import type { Db } from '../kit/db.js';
import type { FeedEvent, Tx } from '../kit/events.js';
import { groupBy } from '../kit/loaders.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { addDays, addMonths, chinaToday } from '../kit/time.js';
import { planSubject } from './membership-plan.js';
import { applyPlan, heldMemberships, lockMemberships } from './membership-store.js';
import { planMovedAway, planPoints, type PlannedEntry, type RecordLedger } from './points.js';
import { bookEntries, ledgersOf, pointsTable } from './points-store.js';
import {
  factsOfRecords,
  factsOfSubjects,
  subjectsOfRecords,
  subjectsWithEffectEnded,
  upsertRecordFacts,
  type RecordFactValues,
} from './record-fact-store.js';
import type { RecordFact } from './rules.js';

/**
 * Records' events turned into consequences: the projection of records, then list memberships and Loucheng
 * points brought in line with it. The rules decide (membership-plan.ts, points.ts); the stores read and write.
 */

/** A `record.created` or `record.changed` event: its payload is the record's facts (event-contracts.ts). */
export type RecordEvent = TypedEvent<'record.created' | 'record.changed'>;

/** The projection's row for one record event. */
function factValues(r: RecordFacts, event: FeedEvent): RecordFactValues {
  return {
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
  };
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
export async function projectRecords(tx: Tx, events: RecordEvent[]): Promise<string[]> {
  const newest = new Map<string, RecordEvent>();
  for (const event of events) newest.set(event.payload.id, event);
  if (!newest.size) return [];
  const held = await subjectsOfRecords(tx, [...newest.keys()]);
  await upsertRecordFacts(
    tx,
    [...newest.values()].map((event) => factValues(event.payload, event)),
  );
  const named = events.map((event) => event.payload.subjectId);
  return [...new Set([...held, ...named])];
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
  const facts = await factsOfSubjects(tx, subjectIds);
  const held = await heldMemberships(tx, subjectIds);
  // A membership's record may now be another subject's (a correction moved it): its end reason says so.
  const own = new Set(facts.map((f) => f.recordId));
  const elsewhere = [...new Set(held.flatMap((row) => row.causes.map((c) => c.recordId)))].filter((id) => !own.has(id));
  const movedAway = elsewhere.length ? await factsOfRecords(tx, elsewhere) : [];
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

/**
 * Time lifts consequences too: a negative record that stops counting lets its subject back on the red
 * list. Re-assesses the subjects whose records ended their effect in the last `days` days (idempotent, so
 * running it often or twice changes nothing); memberships themselves lapse by their date without it.
 */
export async function reassessExpired(db: Db, today = chinaToday(), days = 30): Promise<number> {
  const subjectIds = await subjectsWithEffectEnded(db, addDays(today, -days), today);
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
  const ledgers = await ledgersOf(
    tx,
    facts.map((f) => f.recordId),
    persons,
  );
  const factOf = new Map(facts.map((f) => [f.recordId, f]));
  const missing = [...new Set(ledgers.map((l) => l.recordId))].filter((id) => !factOf.has(id));
  if (missing.length) for (const f of await factsOfRecords(tx, missing)) factOf.set(f.recordId, f);
  const ledgerKey = (recordId: string, subjectId: string) => `${recordId}|${subjectId}`;
  const held = new Map<string, RecordLedger>(ledgers.map((l) => [ledgerKey(l.recordId, l.subjectId), { sum: l.sum, basis: l.basis }]));
  const none: RecordLedger = { sum: 0, basis: null };
  const rules = await pointsTable(tx);
  const planned = [
    ...facts.map((f) => planPoints(f, held.get(ledgerKey(f.recordId, f.subjectId)) ?? none, rules)),
    ...ledgers.map((l) => {
      const fact = factOf.get(l.recordId);
      return fact ? planMovedAway(fact, l.subjectId, { sum: l.sum, basis: l.basis }) : null;
    }),
  ].filter((p): p is PlannedEntry => p !== null);
  await bookEntries(tx, planned, now);
}
