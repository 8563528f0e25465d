import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AS, databaseError, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const TRAIL = /* GraphQL */ `
  query Trail($filter: AuditFilter) {
    auditTrail(filter: $filter) {
      subjects { seq requestId principal unitId operation action dataClass subjectIds }
      records { seq requestId principal dataClass subjectIds }
      repairs { seq requestId dataClass }
      incentives { seq requestId dataClass }
      subjectsChain { intact checkedEntries firstBrokenSeq problem checkpointSeq }
      recordsChain { intact }
      repairsChain { intact }
      incentivesChain { intact }
    }
  }
`;

const trail = async (filter: Record<string, unknown> = {}, full = false) => {
  const { body } = await post(
    ctx.system.gateway.url,
    full ? TRAIL.replace('subjectsChain {', 'subjectsChain(full: true) {') : TRAIL,
    { filter },
    AS.creditOffice,
  );
  expect(body.errors).toBeUndefined();
  return body.data.auditTrail;
};

const readPerson = (headers: Record<string, string>, requestId: string) =>
  post(
    ctx.system.gateway.url,
    `query PersonFile($n: String!) { subjectByIdNumber(idNumber: $n) { id name idNumber creditRecords { category facts } creditPoints { balance } } }`,
    { n: ctx.demo.personIdNumber },
    { ...headers, 'x-request-id': requestId },
  );

describe('audit trail (查询留痕)', () => {
  it("records who read a person's data, when, in which request and operation, in each serving subgraph", async () => {
    const requestId = `test-${randomUUID()}`;
    const { body } = await readPerson(AS.creditOffice, requestId);
    expect(body.errors).toBeUndefined();
    const entries = await trail({ subjectId: ctx.demo.personSubjectId });
    const mine = entries.subjects.filter((entry: any) => entry.requestId === requestId);
    expect(mine.map((entry: any) => entry.dataClass).sort()).toEqual(['ID_NUMBER', 'PERSON_SUBJECT']);
    expect(mine[0]).toMatchObject({
      principal: 'CREDIT_OFFICE:credit-office',
      unitId: 'credit-office',
      operation: 'PersonFile',
      action: 'READ',
      subjectIds: [ctx.demo.personSubjectId],
    });
    expect(
      entries.records
        .filter((entry: any) => entry.requestId === requestId)
        .map((entry: any) => entry.dataClass)
        .sort(),
    ).toEqual(['PERSONAL_FACTS', 'PERSON_RECORD']);
    expect(entries.incentives.filter((entry: any) => entry.requestId === requestId).map((entry: any) => entry.dataClass)).toEqual([
      'CREDIT_POINTS',
    ]);
  });

  it('leaves no entry for public reads', async () => {
    const requestId = `test-${randomUUID()}`;
    await post(
      ctx.system.gateway.url,
      `query($c: String!) { subjectByCode(code: $c) { name creditRecords { category facts } listMemberships { list } } }`,
      { c: ctx.demo.companyCode },
      { 'x-request-id': requestId },
    );
    const entries = await trail({ subjectId: ctx.demo.companyCode, limit: 500 });
    for (const section of ['subjects', 'records', 'repairs', 'incentives'])
      expect(entries[section].filter((entry: any) => entry.requestId === requestId)).toEqual([]);
  });

  it('filters by unit and by time', async () => {
    const requestId = `test-${randomUUID()}`;
    const before = new Date(Date.now() - 1000).toISOString();
    await readPerson(AS.health, requestId);
    const byUnit = await trail({ unitId: 'health', from: before });
    expect(byUnit.subjects.some((entry: any) => entry.requestId === requestId)).toBe(true);
    expect(byUnit.subjects.every((entry: any) => entry.unitId === 'health')).toBe(true);
    const future = await trail({ unitId: 'health', from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.subjects).toEqual([]);
  });

  it('is open to the credit office only', async () => {
    const { body } = await post(ctx.system.gateway.url, `{ auditTrail { subjects { seq } } }`, {}, AS.health);
    expect(body.data.auditTrail).toBeNull();
    expect(body.errors[0]).toMatchObject({ path: ['auditTrail'], extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of entries, even from the application role', async () => {
    const db = ctx.system.db.records;
    expect(await databaseError(db.execute(sql`update records.audit_log set operation = 'x'`))).toBe(
      'audit_log is append-only: UPDATE refused',
    );
    expect(await databaseError(db.execute(sql`delete from records.audit_log`))).toBe('audit_log is append-only: DELETE refused');
    expect(await databaseError(db.execute(sql`truncate records.audit_log`))).toBe('audit_log is append-only: TRUNCATE refused');
  });

  it('reports the first altered entry, and a removed one, when the chain is verified through the gateway', async () => {
    await readPerson(AS.creditOffice, `test-${randomUUID()}`);
    await readPerson(AS.health, `test-${randomUUID()}`);
    const before = await trail();
    expect(
      [before.subjectsChain, before.recordsChain, before.repairsChain, before.incentivesChain].every((chain: any) => chain.intact),
    ).toBe(true);
    expect(before.subjectsChain.checkedEntries).toBeGreaterThan(2);

    // Someone with database rights switches the triggers off and edits history.
    const db = ctx.system.db.subjects;
    const [victim] = await queryRows<{ seq: number }>(db.execute(sql`select seq from subjects.audit_log order by seq limit 1 offset 1`));
    const seq = Number(victim!.seq);
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update subjects.audit_log set principal = 'PUBLIC' where seq = ${seq}`);
    });
    // The checkpoint the first verification signed vouches for the entries up to it: only a full walk re-reads them.
    const incremental = await trail();
    expect(incremental.subjectsChain.checkpointSeq).toBeGreaterThanOrEqual(seq);
    const altered = await trail({}, true);
    expect(altered.subjectsChain).toMatchObject({ intact: false, firstBrokenSeq: seq, problem: expect.stringContaining('altered') });
    expect(altered.recordsChain.intact).toBe(true);

    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from subjects.audit_log where seq = ${seq}`);
    });
    const removed = await trail({}, true);
    expect(removed.subjectsChain.intact).toBe(false);
    expect(removed.subjectsChain.firstBrokenSeq).toBeGreaterThan(seq);
    expect(removed.subjectsChain.problem).toContain('removed');
  });
});
