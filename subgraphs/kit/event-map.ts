import type { EventPayloads, EventType } from './event-contracts.js';
import type { FeedEvent, Tx } from './events.js';

/** An event of a known type with its payload typed by the contract (event-contracts.ts). */
export type TypedEvent<K extends EventType = EventType> = {
  [T in K]: Omit<FeedEvent, 'type' | 'payload'> & { type: T; payload: EventPayloads[T] };
}[K];

/** An event as a producer publishes it: the type names the payload's shape. */
export type OutgoingEvent<K extends EventType = EventType> = { [T in K]: { type: T; subjectId: string; payload: EventPayloads[T] } }[K];

/** Builds an event to publish, its payload checked against the contract. */
export function eventOf<K extends EventType>(type: K, subjectId: string, payload: EventPayloads[K]): OutgoingEvent<K> {
  return { type, subjectId, payload } as OutgoingEvent<K>;
}

// Every type of the contract, once: the compiler refuses this object when EventPayloads gains a type it lacks
// (or it names one the contract does not have), so a new event cannot be skipped as unknown by oversight.
const KNOWN_TYPES: Record<EventType, true> = {
  'subject.seen': true,
  'subject.registered': true,
  'unit.registered': true,
  'record.created': true,
  'record.changed': true,
  'repair.approved': true,
  'objection.raised': true,
  'objection.resolved': true,
  'certificate.issued': true,
};
/** The contract's event types. Object.keys gives strings; the literal above has exactly EventType's keys. */
export const EVENT_TYPES = Object.keys(KNOWN_TYPES) as readonly EventType[];
// A Set of own keys, not `type in KNOWN_TYPES`: a feed's "toString" or "__proto__" is not a known type.
const KNOWN: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * A feed's event as the contract types it, or null for a type this platform does not know (a newer producer's).
 * The one place a feed's JSON is taken to be its contract's payload: the producer built it with `eventOf`.
 */
export function typedEvent(event: FeedEvent): TypedEvent | null {
  return KNOWN.has(event.type) ? (event as TypedEvent) : null;
}

/** Handlers by event type, each given its payload typed. */
export type EventHandlers = { [K in EventType]?: (tx: Tx, payload: EventPayloads[K], event: FeedEvent) => Promise<void> };

/** A consumption's `apply` from handlers by type; events of other types are skipped (they are for other consumers). */
export function dispatcher(handlers: EventHandlers): (tx: Tx, event: FeedEvent) => Promise<void> {
  return async (tx, event) => {
    const typed = typedEvent(event);
    if (!typed) return;
    const handler = handlers[typed.type] as ((tx: Tx, payload: unknown, event: FeedEvent) => Promise<void>) | undefined;
    await handler?.(tx, typed.payload, event);
  };
}

/** The events of `types` in a page, in order, typed: for consumers that apply a page in set-based statements. */
export function eventsOf<K extends EventType>(events: FeedEvent[], ...types: K[]): TypedEvent<K>[] {
  const wanted: ReadonlySet<string> = new Set(types);
  return events.flatMap((event) => {
    const typed = typedEvent(event);
    return typed && wanted.has(typed.type) ? [typed as TypedEvent<K>] : [];
  });
}
