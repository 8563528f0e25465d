/**
 * 重点群体认定: designateSubjects through the gateway — who may call it, what a call stores and publishes,
 * what a bad item or argument does, and the designation's consequence in another subgraph (repairs' green
 * channel without evidence).
 */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { drainConsumers } from '../platform/system.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { WorkingCalendar } from '../subgraphs/repairs/calendar.js';
import { KNOWN_DAY, pinClock } from './support/clock.js';
import { AS, gatewayClient, queryRows, useSeededSystem } from './support/system.js';

// The green-channel case counts working days (acceptBy): tests run on a day of a known calendar year
// (support/clock.ts), and the demo is seeded on that same day, so its records' minimum periods are reckoned from
// the day the applications are made, whatever the real date.
const ctx = useSeededSystem({ seedToday: KNOWN_DAY });
pinClock(KNOWN_DAY);
const gql = gatewayClient(ctx);

const DESIGNATE = /* GraphQL */ `
  mutation Designate($input: [SubjectDesignationInput!]!, $reason: String!) {
    designateSubjects(input: $input, reason: $reason) { index subjectId outcome problems { field reason code } subject { id tags } }
  }
`;
const REASON = '太仓市受疫情影响严重中小企业名单（2026年第1批）';
const designate = (input: unknown[], headers: Record<string, string> = AS.creditOffice, reason = REASON) =>
  gql(DESIGNATE, { input, reason }, headers);
/** Designates as the credit office, failing the test on any error. */
async function designated(input: unknown[]) {
  const body = await designate(input);
  expect(body.errors).toBeUndefined();
  return body.data.designateSubjects as any[];
}

const tagsOf = async (id: string): Promise<string[] | null> =>
  (await gql(`query($id: ID!) { subject(id: $id) { tags } }`, { id }, AS.creditOffice)).data.subject?.tags ?? null;
const sorted = (tags: string[] | null) => (tags ? [...tags].sort() : tags);
const outbox = async (): Promise<number> =>
  Number((await queryRows<{ n: number }>(ctx.system.db.subjects.execute(sql`select count(*)::int as n from subjects.outbox`)))[0]!.n);
const registeredEventsOf = async (id: string) =>
  queryRows<{ tags: string[] }>(
    ctx.system.db.subjects.execute(
      sql`select payload->'tags' as tags from subjects.outbox where type = 'subject.registered' and subject_id = ${id} order by id`,
    ),
  );
const bearer = async (claims: Parameters<typeof issueToken>[1]) => ({
  authorization: `Bearer ${await issueToken(ctx.system.auth, claims)}`,
});

/** Seeded organisations, credit office view: id and tags. */
async function organisations(n: number): Promise<{ id: string; tags: string[] }[]> {
  const body = await gql(`{ subjects(first: 100, filter: { kinds: [LEGAL_PERSON] }) { edges { node { id tags } } } }`, {}, AS.creditOffice);
  expect(body.errors).toBeUndefined();
  const found = body.data.subjects.edges.map((edge: any) => edge.node);
  expect(found.length).toBeGreaterThanOrEqual(n);
  return found;
}

describe('designateSubjects: who may designate', () => {
  it('refuses everyone but the credit office, and changes nothing', async () => {
    const [target] = await organisations(1);
    const before = await tagsOf(target!.id);
    const events = await outbox();
    const callers: [string, Record<string, string>][] = [
      ['the registry (market regulation)', AS.marketRegulation],
      ['a member unit (health)', AS.health],
      ['a member unit (bank)', AS.bank],
      ['the analyst', AS.analyst],
      ['the public', AS.public],
      ['the subject itself', await bearer({ role: 'SUBJECT', sub: target!.id })],
    ];
    for (const [who, headers] of callers) {
      const body = await designate([{ subjectId: target!.id, tags: ['HARD_HIT', 'EPIDEMIC_SUPPLY_PRODUCER'] }], headers);
      expect({ who, code: body.errors?.[0]?.extensions?.code, data: body.data?.designateSubjects ?? null }).toEqual({
        who,
        code: 'FORBIDDEN',
        data: null,
      });
    }
    expect(await tagsOf(target!.id)).toEqual(before);
    expect(await outbox()).toBe(events);
  });
});

describe('designateSubjects: what the credit office stores', () => {
  it('replaces the tags, reads them back, writes nothing for the same tags again, and clears with []', async () => {
    const [, target] = await organisations(2);
    const id = target!.id;
    const tags = ['HARD_HIT', 'SME'];
    // Start from a file whose tags differ from the designation, so the first call must be UPDATED.
    if (sorted(target!.tags)!.join() === sorted(tags)!.join()) await designated([{ subjectId: id, tags: [] }]);

    const events = await outbox();
    const first = await designated([{ subjectId: id, tags }]);
    expect(first).toEqual([{ index: 0, subjectId: id, outcome: 'UPDATED', problems: [], subject: { id, tags: expect.any(Array) } }]);
    expect(sorted(first[0].subject.tags)).toEqual(sorted(tags));
    expect(sorted(await tagsOf(id))).toEqual(sorted(tags));
    expect(await outbox()).toBe(events + 1);
    expect(sorted((await registeredEventsOf(id)).at(-1)!.tags)).toEqual(sorted(tags));

    // The same tags, in another order and with a repeat: UNCHANGED, and no event.
    const again = await designated([{ subjectId: id, tags: ['SME', 'HARD_HIT', 'SME'] }]);
    expect(again).toEqual([{ index: 0, subjectId: id, outcome: 'UNCHANGED', problems: [], subject: { id, tags: expect.any(Array) } }]);
    expect(await outbox()).toBe(events + 1);

    const cleared = await designated([{ subjectId: id, tags: [] }]);
    expect(cleared).toEqual([{ index: 0, subjectId: id, outcome: 'UPDATED', problems: [], subject: { id, tags: [] } }]);
    expect(await tagsOf(id)).toEqual([]);
    expect(await outbox()).toBe(events + 2);
    expect((await registeredEventsOf(id)).at(-1)!.tags).toEqual([]);
  });

  it('rejects an unknown id in the middle of a batch on its own field, and stores the others', async () => {
    // The store writes the whole call in one transaction, but an unknown id is only skipped (null), not an
    // error that rolls the transaction back: the known items around it are UPDATED and published.
    // Two files whose tags differ from what they are given here, so both must come out UPDATED.
    const [a, b] = (await organisations(4))
      .slice(2)
      .filter((o) => !['EXPORTER', 'MEDICAL', 'SUPPLY_ASSURANCE'].some((tag) => o.tags.includes(tag)));
    expect(b).toBeDefined();
    const unknown = makeCreditCode('91320585DG0000001');
    expect(await tagsOf(unknown)).toBeNull();
    const events = await outbox();
    const results = await designated([
      { subjectId: a!.id, tags: ['EXPORTER'] },
      { subjectId: ` ${unknown} `, tags: ['HARD_HIT'] },
      { subjectId: b!.id, tags: ['MEDICAL', 'SUPPLY_ASSURANCE'] },
    ]);
    expect(results.map((r) => ({ index: r.index, subjectId: r.subjectId, outcome: r.outcome, problems: r.problems }))).toEqual([
      { index: 0, subjectId: a!.id, outcome: 'UPDATED', problems: [] },
      {
        index: 1,
        subjectId: unknown,
        outcome: 'REJECTED',
        problems: [{ field: 'input[1].subjectId', reason: expect.any(String), code: 'UNKNOWN_SUBJECT' }],
      },
      { index: 2, subjectId: b!.id, outcome: 'UPDATED', problems: [] },
    ]);
    expect(results[1].subject).toBeNull();
    expect(await tagsOf(a!.id)).toEqual(['EXPORTER']);
    expect(sorted(await tagsOf(b!.id))).toEqual(['MEDICAL', 'SUPPLY_ASSURANCE']);
    expect(await tagsOf(unknown)).toBeNull();
    expect(await outbox()).toBe(events + 2);
    expect(await registeredEventsOf(unknown)).toEqual([]);
  });

  it('keeps who designated on what basis, takes a code in lower case, and rejects the same file twice in one call', async () => {
    const [a] = (await organisations(8)).slice(6).filter((o) => !o.tags.includes('HARD_HIT'));
    expect(a).toBeDefined();
    const results = await designated([
      { subjectId: a!.id.toLowerCase(), tags: ['HARD_HIT'] },
      { subjectId: a!.id, tags: ['EXPORTER'] },
    ]);
    expect(results.map((r) => [r.subjectId, r.outcome, r.problems.map((p: any) => [p.field, p.code])])).toEqual([
      [a!.id, 'UPDATED', []],
      [a!.id, 'REJECTED', [['input[1].subjectId', 'DUPLICATE_IN_CALL']]],
    ]);
    expect(await tagsOf(a!.id)).toEqual(['HARD_HIT']);
    const kept = await queryRows<{ tags: string[]; reason: string; by: string }>(
      ctx.system.db.subjects.execute(sql`select tags, reason, "by" from subjects.designations where subject_id = ${a!.id} order by id`),
    );
    expect(kept.at(-1)).toEqual({ tags: ['HARD_HIT'], reason: REASON, by: 'CREDIT_OFFICE:credit-office' });
  });

  it('refuses an empty list and an empty or blank reason, naming the argument, and stores nothing', async () => {
    const [, , , , target] = await organisations(5);
    const before = await tagsOf(target!.id);
    const events = await outbox();
    const empty = await designate([]);
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(empty.data?.designateSubjects ?? null).toBeNull();
    for (const reason of ['', '   ', '\t\n']) {
      const body = await designate([{ subjectId: target!.id, tags: ['HARD_HIT'] }], AS.creditOffice, reason);
      expect({ reason, extensions: body.errors?.[0]?.extensions }).toMatchObject({
        reason,
        extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
      });
      expect(body.data?.designateSubjects ?? null).toBeNull();
    }
    expect(await tagsOf(target!.id)).toEqual(before);
    expect(await outbox()).toBe(events);
  });
});

describe("designateSubjects: repairs' green channel", () => {
  const APPLY = `mutation($input: RepairApplicationInput!) { applyForRepair(input: $input) { application { id state greenChannel greenChannelBasis acceptBy } } }`;
  const RECORDS = /* GraphQL */ `
    query($after: String) {
      creditRecords(first: 100, after: $after, filter: { kinds: [ADMINISTRATIVE_PENALTY, DISHONEST_CONDUCT], statuses: [ACTIVE], severities: [MINOR, GENERAL] }) {
        edges { node { id status severity categoryInfo { repairable } disclosure { minimumUntil } subject { id kind tags } repairApplications { state } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;

  /** A seeded organisation's ACTIVE, repairable, non-SERIOUS negative record past its minimum period, with no application and no green tag. */
  async function repairableRecord(): Promise<{ recordId: string; subjectId: string }> {
    const today = KNOWN_DAY;
    for (let after: string | null = null; ;) {
      const body: any = await gql(RECORDS, { after }, AS.creditOffice);
      expect(body.errors).toBeUndefined();
      const found = body.data.creditRecords.edges
        .map((edge: any) => edge.node)
        .find(
          (r: any) =>
            r.status === 'ACTIVE' &&
            r.severity !== 'SERIOUS' &&
            r.categoryInfo.repairable &&
            r.subject?.kind === 'LEGAL_PERSON' &&
            !r.subject.tags.includes('HARD_HIT') &&
            r.repairApplications.length === 0 &&
            (!r.disclosure.minimumUntil || r.disclosure.minimumUntil <= today),
        );
      if (found) return { recordId: found.id, subjectId: found.subject.id };
      expect(body.data.creditRecords.pageInfo.hasNextPage, 'a seeded record fit for repair').toBe(true);
      after = body.data.creditRecords.pageInfo.endCursor;
    }
  }

  it('accepts a HARD_HIT application without evidence once the credit office designated the organisation', async () => {
    const { recordId, subjectId } = await repairableRecord();
    const asSubject = await bearer({ role: 'SUBJECT', sub: subjectId });
    const application = {
      recordId,
      correctionProof: '已按处罚决定整改完毕并缴纳罚款',
      obligationsMet: true,
      commitmentSigned: true,
      greenChannel: { reason: 'HARD_HIT' },
    };

    const before = await gql(APPLY, { input: application }, asSubject);
    expect(before.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.greenChannel.evidence' });
    expect(before.data?.applyForRepair ?? null).toBeNull();

    const tags = (await tagsOf(subjectId))!;
    expect(await designated([{ subjectId, tags: [...tags, 'HARD_HIT'] }])).toMatchObject([{ outcome: 'UPDATED' }]);
    await drainConsumers(ctx.system.consumers);

    const after = await gql(APPLY, { input: application }, asSubject);
    expect(after.errors).toBeUndefined();
    expect(after.data.applyForRepair.application).toMatchObject({
      state: 'SUBMITTED',
      greenChannel: 'HARD_HIT',
      greenChannelBasis: 'SUBJECT_TAG',
      // The green channel's shorter limit, counted in working days from the pinned day.
      acceptBy: new WorkingCalendar().addWorkingDays(KNOWN_DAY, 1),
    });
  });
});
