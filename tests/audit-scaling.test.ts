import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAuditLog, type AuditEntry, type AuditLog } from '../subgraphs/kit/audit.js';
import { checkpointSignature } from '../subgraphs/kit/audit-hash.js';
import { openPostgres } from '../subgraphs/kit/db.js';
import { subjectsAudit, subjectsAuditCheckpoints } from '../subgraphs/subjects/tables.js';
import { AS, databaseError, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const TABLES = { log: subjectsAudit, checkpoints: subjectsAuditCheckpoints };
const unanchored = { anchoring: { store: null, intervalMs: 0 } };

const entry = (requestId: string, subjectIds: string[] = ['s-1']): AuditEntry => ({
  at: new Date(),
  requestId,
  principal: 'CREDIT_OFFICE:credit-office',
  unitId: 'credit-office',
  operation: 'Attack',
  action: 'READ',
  dataClass: 'PERSON_SUBJECT',
  subjectIds,
});

const trailOf = (system = ctx.system) => createAuditLog(system.db.subjects, TABLES, system.secrets.auditChainKey, unanchored);

/** How many transactions wrote the rows of these requests: rows written by one share its xmin. */
async function transactionsOf(prefix: string): Promise<{ rows: number; transactions: number }> {
  const [row] = await queryRows<{ rows: number; transactions: number }>(
    ctx.system.db.subjects.execute(
      sql`select count(*)::int as rows, count(distinct xmin::text)::int as transactions from subjects.audit_log where request_id like ${`${prefix}%`}`,
    ),
  );
  return row!;
}

const entriesOf = (requestId: string) =>
  queryRows<{ data_class: string; subject_ids: string[] }>(
    ctx.system.db.records.execute(sql`
      select data_class, subject_ids from records.audit_log where request_id = ${requestId}
      union all select data_class, subject_ids from subjects.audit_log where request_id = ${requestId}
      union all select data_class, subject_ids from repairs.audit_log where request_id = ${requestId}
      union all select data_class, subject_ids from incentives.audit_log where request_id = ${requestId}`),
  );

const CREDIT_FILE = `query CreditFile($code: String!) { subjectByCode(code: $code) { id name creditRecords { category status }
  repairApplications { number state } objections { number } listMemberships { list active } supervision { level } } }`;

describe('audit trail under concurrency (group commit)', () => {
  it('writes the entries of concurrent requests in fewer transactions than requests, every one durable and chained', async () => {
    const trail = trailOf();
    const prefix = `gc-${randomUUID()}-`;
    await Promise.all(Array.from({ length: 24 }, (_, i) => trail.append([entry(`${prefix}${i}`), entry(`${prefix}${i}`, ['s-2'])])));
    const { rows, transactions } = await transactionsOf(prefix);
    expect(rows).toBe(48);
    expect(transactions).toBeLessThan(24);
    expect(await trail.verify({ full: true })).toMatchObject({ intact: true, problem: null });
  });

  it('keeps one chain when a second instance writes the same trail at the same time', async () => {
    const url = ctx.system.testDatabaseUrl;
    const second = url ? await openPostgres(url) : null;
    const db2 = second ? second.forSubgraph('subjects') : ctx.system.db.subjects;
    const one = trailOf();
    const two: AuditLog = createAuditLog(db2, TABLES, ctx.system.secrets.auditChainKey, unanchored);
    const prefix = `two-${randomUUID()}-`;
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).append([entry(`${prefix}${i}`), entry(`${prefix}${i}`, ['s-3'])])),
      );
    } finally {
      await second?.close();
    }
    expect((await transactionsOf(prefix)).rows).toBe(40);
    const forks = await queryRows<{ n: number }>(
      ctx.system.db.subjects.execute(sql`select count(*)::int as n from subjects.audit_log group by prev_hash having count(*) > 1`),
    );
    expect(forks).toEqual([]);
    expect(await one.verify({ full: true })).toMatchObject({ intact: true });
  });

  it("never costs other requests their answers when one request's entries cannot be stored", async () => {
    const trail = trailOf();
    const prefix = `poison-${randomUUID()}-`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => trail.append([entry(i === 5 ? `${prefix}\u0000bad` : `${prefix}${i}`)])),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(outcomes.map((_, i) => (i === 5 ? 'rejected' : 'fulfilled')));
    expect((await transactionsOf(prefix)).rows).toBe(11);
    expect(await trail.verify({ full: true })).toMatchObject({ intact: true });
  });
});

describe('no entry when nothing non-public was read', () => {
  it("writes nothing for an analyst's query whose answer is exactly the public one", async () => {
    const requestId = `analyst-${randomUUID()}`;
    const query = `query($c: String!) { subjectByCode(code: $c) { name creditRecords { category } listMemberships { list } } }`;
    const asAnalyst = await post(ctx.system.gateway.url, query, { c: ctx.demo.companyCode }, { ...AS.analyst, 'x-request-id': requestId });
    const asPublic = await post(ctx.system.gateway.url, query, { c: ctx.demo.companyCode });
    expect(asAnalyst.body).toEqual(asPublic.body);
    expect(await entriesOf(requestId)).toEqual([]);
  });

  it("writes no entry naming nobody for the credit office's credit file, and still traces what it did read", async () => {
    const requestId = `file-${randomUUID()}`;
    const { body } = await post(
      ctx.system.gateway.url,
      CREDIT_FILE,
      { code: ctx.demo.companyCode },
      { ...AS.creditOffice, 'x-request-id': requestId },
    );
    expect(body.errors).toBeUndefined();
    const entries = await entriesOf(requestId);
    expect(entries.filter((row) => row.subject_ids.length === 0)).toEqual([]);
    const person = await post(
      ctx.system.gateway.url,
      `query($n: String!) { subjectByIdNumber(idNumber: $n) { id idNumber creditRecords { category } } }`,
      { n: ctx.demo.personIdNumber },
      { ...AS.creditOffice, 'x-request-id': `${requestId}-person` },
    );
    expect(person.body.errors).toBeUndefined();
    expect((await entriesOf(`${requestId}-person`)).map((row) => row.data_class).sort()).toEqual(
      expect.arrayContaining(['ID_NUMBER', 'PERSON_RECORD', 'PERSON_SUBJECT']),
    );
  });
});

describe('verification from signed checkpoints', () => {
  it('reads only the entries since the last verification, and starts after its checkpoint', async () => {
    const trail = trailOf();
    const first = await trail.verify();
    expect(first.intact).toBe(true);
    const [head] = await queryRows<{ seq: number }>(
      ctx.system.db.subjects.execute(sql`select max(seq)::int as seq from subjects.audit_log`),
    );
    await trail.append([entry(`inc-${randomUUID()}`), entry(`inc-${randomUUID()}`)]);
    const second = await trail.verify();
    expect(second).toMatchObject({ intact: true, checkedEntries: 2, checkpointSeq: head!.seq });
    expect(await trail.verify()).toMatchObject({ intact: true, checkedEntries: 0, checkpointSeq: head!.seq + 2 });
  });

  it('passes over a checkpoint written without the key and walks from an earlier one', async () => {
    const trail = trailOf();
    expect((await trail.verify()).intact).toBe(true);
    await trail.append([entry(`forge-${randomUUID()}`)]);
    const [head] = await queryRows<{ seq: number; hash: string }>(
      ctx.system.db.subjects.execute(sql`select seq::int as seq, hash from subjects.audit_log order by seq desc limit 1`),
    );
    const forged = { seq: head!.seq, hash: head!.hash, verifiedAt: new Date() };
    await ctx.system.db.subjects
      .insert(subjectsAuditCheckpoints)
      .values({ ...forged, signature: checkpointSignature('not-the-key', 'subjects', forged) });
    expect(await trail.verify()).toMatchObject({ intact: true, checkpointSeq: head!.seq - 1, checkedEntries: 1 });
  });

  it("reports a trail cut below its latest checkpoint, with no anchor store, and one rewritten at the checkpoint's entry", async () => {
    const trail = trailOf();
    await trail.append([entry(`cut-${randomUUID()}`), entry(`cut-${randomUUID()}`)]);
    const verified = await trail.verify();
    expect(verified.intact).toBe(true);
    const [head] = await queryRows<{ seq: number }>(
      ctx.system.db.subjects.execute(sql`select max(seq)::int as seq from subjects.audit_log`),
    );
    // A superuser switches the trigger off and cuts the newest entry the checkpoint vouched for.
    await ctx.system.db.subjects.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from subjects.audit_log where seq = ${head!.seq}`);
    });
    const cut = await trail.verify();
    expect(cut).toMatchObject({ intact: false, firstBrokenSeq: head!.seq, checkpointSeq: null });
    expect(cut.problem).toMatch(new RegExp(`^the trail ends at seq \\d+ but was verified at seq ${head!.seq} on .+: its end was cut$`));
    // New entries after the cut do not hide it: a writer that knew the cut head chains onto it (a broken link),
    // a fresh one onto the new last row (the checkpoint's entry is missing).
    await trail.append([entry(`after-cut-${randomUUID()}`)]);
    expect((await trail.verify()).problem).toBe(
      'link to the previous entry does not match: an entry before this one was removed or altered',
    );
    await trailOf().append([entry(`fresh-after-cut-${randomUUID()}`)]);
    expect(await trailOf().verify()).toMatchObject({ intact: false });
  });

  it('finds with full an entry altered before the latest checkpoint', async () => {
    const trail = trailOf();
    await trail.verify();
    const [victim] = await queryRows<{ seq: number }>(
      ctx.system.db.subjects.execute(sql`select seq::int as seq from subjects.audit_log order by seq limit 1 offset 3`),
    );
    await ctx.system.db.subjects.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update subjects.audit_log set subject_ids = '{}' where seq = ${victim!.seq}`);
    });
    expect(await trail.verify({ full: true })).toMatchObject({ intact: false, firstBrokenSeq: victim!.seq, checkpointSeq: null });
  });
});

describe("the reports subgraph's trail", () => {
  it('refuses UPDATE, DELETE and TRUNCATE like every other trail', async () => {
    const db = ctx.system.db.reports;
    await ctx.system.subgraphs.reports.audit.append([entry(`reports-${randomUUID()}`)]);
    expect(await databaseError(db.execute(sql`update reports.audit_log set operation = 'x'`))).toBe(
      'audit_log is append-only: UPDATE refused',
    );
    expect(await databaseError(db.execute(sql`delete from reports.audit_log`))).toBe('audit_log is append-only: DELETE refused');
    expect(await databaseError(db.execute(sql`truncate reports.audit_log`))).toBe('audit_log is append-only: TRUNCATE refused');
  });
});
