import type { SubjectRegistered, UnitRegistered } from '../kit/event-contracts.js';
import { eventOf } from '../kit/event-map.js';
import type { NewEvent } from '../kit/events.js';
import type { MemberUnitRow, SubjectRow } from './tables.js';

/**
 * Every event subjects publishes on its log (subjects_outbox), built here and only here; the stores publish
 * them in the transaction of the write they tell of.
 */

/** What other subgraphs may know of a credit file: kind and town, never names or numbers. */
export function registeredEvent(row: SubjectRow): NewEvent {
  const payload: SubjectRegistered = { subjectId: row.id, kind: row.kind, district: row.district, tags: row.tags };
  return eventOf('subject.registered', row.id, payload);
}

/** Who may be named as a financial institution or a unit applying measures: id, name and kind only. */
export function unitRegisteredEvent(row: MemberUnitRow): NewEvent {
  const payload: UnitRegistered = { unitId: row.id, name: row.name, kind: row.kind };
  return eventOf('unit.registered', row.id, payload);
}
