/**
 * The typed event map (subgraphs/kit/event-map.ts, issue 15): a consumer's `dispatcher` and `eventsOf` hand each
 * known event to its handler with its payload, and pass over a type this platform does not know — a newer
 * producer's event in the same feed must not stop (or crash) an older consumer. Pure: no database.
 */
import { describe, expect, it } from 'vitest';
import type { EventType } from '../subgraphs/kit/event-contracts.js';
import { dispatcher, EVENT_TYPES, eventsOf, typedEvent, type EventHandlers } from '../subgraphs/kit/event-map.js';
import type { FeedEvent, Tx } from '../subgraphs/kit/events.js';

// The contract's types as the event map knows them; kit/event-map.ts holds them as a Record<EventType, true>.
const KNOWN_TYPES = EVENT_TYPES;

// Unknown types as a newer (or confused) producer might send them: close misspellings, case, prefixes, empty.
const UNKNOWN_TYPES = [
  'record.archived',
  'Record.Created',
  'record.created ',
  'record',
  'subject.merged',
  '',
  '__proto__',
  'constructor',
  'toString',
];

let serial = 0;
const feedEvent = (type: string, payload: unknown = { n: serial }): FeedEvent => {
  serial += 1;
  return { type, subjectId: `S${serial}`, payload, id: serial, txid: String(1000 + serial), at: '2026-11-16T08:00:00.000Z' };
};
// The dispatcher passes the transaction through untouched; the handlers here never use it.
const tx = {} as Tx;

/** Handlers for every known type, recording what each was given. */
function recordingHandlers() {
  const calls: { type: EventType; payload: unknown; event: FeedEvent }[] = [];
  const handlers = Object.fromEntries(
    KNOWN_TYPES.map((type) => [type, async (_tx: Tx, payload: unknown, event: FeedEvent) => void calls.push({ type, payload, event })]),
  ) as EventHandlers;
  return { calls, handlers };
}

describe('dispatcher', () => {
  it('hands every known event type to its own handler, with its payload and the event', async () => {
    const { calls, handlers } = recordingHandlers();
    const apply = dispatcher(handlers);
    const events = KNOWN_TYPES.map((type) => feedEvent(type, { of: type }));
    for (const event of events) await apply(tx, event);
    expect(calls.map((call) => call.type)).toEqual(KNOWN_TYPES);
    expect(calls.map((call) => call.payload)).toEqual(KNOWN_TYPES.map((type) => ({ of: type })));
    expect(calls.map((call) => call.event)).toEqual(events);
  });

  it('skips a type this platform does not know without throwing, and keeps handling the known ones after it', async () => {
    const { calls, handlers } = recordingHandlers();
    const apply = dispatcher(handlers);
    for (const type of UNKNOWN_TYPES) await expect(apply(tx, feedEvent(type))).resolves.toBeUndefined();
    expect(calls).toEqual([]);
    const known = feedEvent('record.created', { recordId: 'r1' });
    await apply(tx, feedEvent('record.archived'));
    await apply(tx, known);
    await apply(tx, feedEvent('subject.merged'));
    expect(calls).toEqual([{ type: 'record.created', payload: { recordId: 'r1' }, event: known }]);
  });

  it('skips a known type it has no handler for (it is for another consumer)', async () => {
    const seen: unknown[] = [];
    const apply = dispatcher({ 'repair.approved': async (_tx, payload) => void seen.push(payload) });
    await expect(apply(tx, feedEvent('record.created'))).resolves.toBeUndefined();
    await apply(tx, feedEvent('repair.approved', { recordId: 'r2' }));
    expect(seen).toEqual([{ recordId: 'r2' }]);
  });

  it('lets a handler’s failure through: the page is then not applied, rather than skipped as unknown', async () => {
    const apply = dispatcher({
      'record.changed': async () => {
        throw new Error('projection failed');
      },
    });
    await expect(apply(tx, feedEvent('record.changed'))).rejects.toThrow('projection failed');
  });
});

describe('eventsOf', () => {
  it('keeps the asked-for known types in feed order and drops unknown and unasked types, without throwing', () => {
    const page = [
      feedEvent('record.created'),
      feedEvent('record.archived'),
      feedEvent('subject.seen'),
      feedEvent('record.changed'),
      feedEvent(''),
      feedEvent('toString'),
      feedEvent('record.created'),
    ];
    const picked = eventsOf(page, 'record.created', 'record.changed');
    expect(picked.map((event) => event.id)).toEqual([page[0]!.id, page[3]!.id, page[6]!.id]);
    expect(picked.map((event) => event.type)).toEqual(['record.created', 'record.changed', 'record.created']);
  });

  it('does not take an unknown type for a known one even when asked for it by name', () => {
    // A caller cannot widen the contract: asking for a type the platform does not know returns nothing.
    const page = [feedEvent('record.archived'), feedEvent('subject.seen')];
    expect(eventsOf(page, ...(['record.archived', 'subject.seen'] as EventType[])).map((event) => event.type)).toEqual(['subject.seen']);
  });

  it('returns nothing for a page of unknown types, and for an empty page', () => {
    expect(
      eventsOf(
        UNKNOWN_TYPES.map((type) => feedEvent(type)),
        ...KNOWN_TYPES,
      ),
    ).toEqual([]);
    expect(eventsOf([], ...KNOWN_TYPES)).toEqual([]);
  });
});

describe('typedEvent', () => {
  it('knows exactly the contract’s types', () => {
    for (const type of KNOWN_TYPES) expect(typedEvent(feedEvent(type))?.type).toBe(type);
    for (const type of UNKNOWN_TYPES) expect(typedEvent(feedEvent(type))).toBeNull();
  });
});
