import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { createConsumer, readFeed } from '../subgraphs/kit/events.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { recordsOutbox } from '../subgraphs/records/tables.js';
import { subjectsCursors } from '../subgraphs/subjects/tables.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });

async function reportCompanies(prefix: string, count: number) {
  const input = Array.from({ length: count }, (_, i) => ({
    subject: { creditCode: makeCreditCode(`91320585MA${prefix}${String(i).padStart(5, '0')}`), name: `事件测试${prefix}${i}` },
    category: 'PRICE_NOT_MARKED',
    decisionDate: '2026-10-01',
    facts: '未明码标价',
    penalty: WARNING_PENALTY,
    unitReference: `EV-${prefix}-${i}`,
  }));
  const { body } = await post(
    ctx.system.gateway.url,
    `mutation($input: [RecordReportInput!]!) { reportRecords(input: $input) { outcome } }`,
    { input },
    AS.marketRegulation,
  );
  expect(body.data.reportRecords.every((r: any) => r.outcome === 'CREATED')).toBe(true);
}

describe('event log (outbox) and consumers', () => {
  it('applies nothing of a page whose consumer fails mid-way, then everything exactly once', async () => {
    await reportCompanies('EA', 5);
    const db = ctx.system.db.subjects;
    await db.execute(sql`create table if not exists subjects.test_effects (event_id bigint primary key)`);
    let failOnce = true;
    let seen = 0;
    const consumer = createConsumer({
      producer: 'records',
      cursorKey: 'records-test',
      feedUrl: `${ctx.system.services.records.origin}/events`,
      consumer: 'subjects',
      internalSecret: ctx.system.secrets.internalSecret,
      db,
      cursors: subjectsCursors,
      apply: async (tx, event) => {
        if (++seen === 3 && failOnce) {
          failOnce = false;
          throw new Error('consumer stopped mid-way');
        }
        await tx.execute(sql`insert into subjects.test_effects (event_id) values (${event.id})`);
      },
    });
    await expect(consumer.pollOnce()).rejects.toThrow('consumer stopped mid-way');
    expect(await queryRows(db.execute(sql`select * from subjects.test_effects`))).toEqual([]);
    expect(await queryRows(db.execute(sql`select * from subjects.consumer_cursors where producer = 'records-test'`))).toEqual([]);

    const applied = await consumer.pollOnce();
    const events = await queryRows<{ n: number }>(ctx.system.db.records.execute(sql`select count(*)::int as n from records.outbox`));
    expect(applied).toBe(Number(events[0]!.n));
    const effects = await queryRows<{ n: number }>(db.execute(sql`select count(*)::int as n from subjects.test_effects`));
    expect(Number(effects[0]!.n)).toBe(applied);
    expect(await consumer.pollOnce()).toBe(0);
  });

  it('opens each subject seen once, however often the feed is read', async () => {
    await reportCompanies('EB', 3);
    for (const consumer of ctx.system.consumers) await consumer.pollOnce();
    for (const consumer of ctx.system.consumers) await consumer.pollOnce();
    const { body } = await post(
      ctx.system.gateway.url,
      `{ subjects(first: 100, filter: { nameContains: "事件测试EB" }) { totalCount } }`,
      {},
      AS.creditOffice,
    );
    expect(body.data.subjects.totalCount).toBe(3);
  });

  it('opens the credit file of a subject first met in a report within seconds, with the consumers running', async () => {
    for (const consumer of ctx.system.consumers) consumer.start(100);
    try {
      const started = Date.now();
      await reportCompanies('EC', 1);
      let found = 0;
      while (!found && Date.now() - started < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const { body } = await post(
          ctx.system.gateway.url,
          `{ subjects(first: 5, filter: { nameContains: "事件测试EC" }) { totalCount } }`,
          {},
          AS.creditOffice,
        );
        found = body.data.subjects.totalCount;
      }
      expect(found).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const consumer of ctx.system.consumers) await consumer.stop();
    }
  });

  it('refuses the feed to callers without the internal signature', async () => {
    const response = await fetch(`${ctx.system.services.records.origin}/events`);
    expect(response.status).toBe(401);
  });

  it.skipIf(!process.env.DATABASE_URL)(
    'hands out no event past a transaction still running (PostgreSQL only: PGlite has a single connection)',
    async () => {
      const client = postgres(ctx.system.testDatabaseUrl!, { max: 2, onnotice: () => {} });
      try {
        const all = await readFeed(ctx.system.db.records, recordsOutbox, null, 10_000);
        const end = all.at(-1) ?? null;
        const slow = await client.reserve();
        await slow`begin`;
        await slow`insert into records.outbox (type, subject_id, payload) values ('test.slow', 'x', '{}')`;
        await client`insert into records.outbox (type, subject_id, payload) values ('test.fast', 'y', '{}')`;
        expect(await readFeed(ctx.system.db.records, recordsOutbox, end, 100)).toEqual([]);
        await slow`commit`;
        slow.release();
        const settled = await readFeed(ctx.system.db.records, recordsOutbox, end, 100);
        expect(settled.map((event) => event.type)).toEqual(['test.slow', 'test.fast']);
      } finally {
        await client.end();
      }
    },
  );
});
