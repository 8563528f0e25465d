/**
 * The attack of issue 12, finding 5: someone with database superuser rights (but neither AUDIT_CHAIN_KEY nor
 * the anchor folder) switches the append-only trigger off and cuts the newest audit entries. The HMAC chain
 * stays whole, and new entries chain onto the new last row; the signed anchor of the head, kept outside the
 * database, still names the entry that was cut.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../platform/system.js';
import { anchorLine, fileAnchorStore } from '../subgraphs/kit/audit-anchor.js';
import { createAuditLog } from '../subgraphs/kit/audit.js';
import type { Db } from '../subgraphs/kit/db.js';
import { recordsAudit, recordsAuditCheckpoints } from '../subgraphs/records/tables.js';
import { subjectsAudit, subjectsAuditCheckpoints } from '../subgraphs/subjects/tables.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

const folders: string[] = [];
const folder = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `xt-${name}-`));
  folders.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

// Anchored at once after the first entry, then only when asked (anchor(), verification): the steps stay exact.
const anchorDir = folder('anchors');
const ctx = useSeededSystem({ env: { AUDIT_ANCHOR_DIR: anchorDir, AUDIT_ANCHOR_INTERVAL_MS: '3600000' } });

const CHAINS = /* GraphQL */ `
  query Chains {
    auditTrail {
      subjectsChain { ...Chain }
      recordsChain { ...Chain }
      incentivesChain { ...Chain }
    }
  }
  fragment Chain on ChainVerification { intact checkedEntries firstBrokenSeq problem headHash anchoredSeq anchoredAt anchorProblems }
`;

const chainsOf = async (system: RunningSystem) => {
  const { body } = await post(system.gateway.url, CHAINS, {}, AS.creditOffice);
  expect(body.errors).toBeUndefined();
  return body.data.auditTrail;
};

const readPerson = (requestId = `anchor-${randomUUID()}`) =>
  post(
    ctx.system.gateway.url,
    `query PersonFile($n: String!) { subjectByIdNumber(idNumber: $n) { id name idNumber creditRecords { category facts } creditPoints { balance } } }`,
    { n: ctx.demo.personIdNumber },
    { ...AS.creditOffice, 'x-request-id': requestId },
  );

const readPersonTimes = async (times: number) => {
  for (let i = 0; i < times; i++) expect((await readPerson()).body.errors).toBeUndefined();
};

const headOf = async (db: Db, trail: string) => {
  const [row] = await queryRows<{ seq: number; hash: string }>(
    db.execute(sql.raw(`select seq, hash from ${trail}.audit_log order by seq desc limit 1`)),
  );
  return { seq: Number(row!.seq), hash: row!.hash };
};

/** As a superuser: the append-only trigger off, the newest `count` entries deleted, the trigger on again. */
const cutNewest = async (db: Db, trail: string, count: number) => {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(
      sql.raw(`delete from ${trail}.audit_log where seq in (select seq from ${trail}.audit_log order by seq desc limit ${count})`),
    );
  });
  return (await headOf(db, trail)).seq;
};

const anchorFile = (dir: string, trail: string) => join(dir, `${trail}.anchors.jsonl`);
const lastAnchorLine = (dir: string, trail: string) => JSON.parse(readFileSync(anchorFile(dir, trail), 'utf8').trim().split('\n').at(-1)!);

describe('anchored audit trail (查询留痕的锚点)', () => {
  let anchoredSeq = 0;

  it('anchors each head, signed, in a file outside the database; a whole trail with entries after the anchor verifies intact', async () => {
    await readPersonTimes(2);
    const anchor = await ctx.system.subgraphs.subjects.audit.anchor();
    const head = await headOf(ctx.system.db.subjects, 'subjects');
    // null when the trail's own timer anchored this head first (anchor() writes no second line for one head).
    if (anchor) expect(anchor).toMatchObject({ trail: 'subjects', seq: head.seq, hash: head.hash });
    expect(lastAnchorLine(anchorDir, 'subjects')).toMatchObject({
      trail: 'subjects',
      seq: head.seq,
      hash: head.hash,
      sig: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The first entry of each trail was anchored by itself, right after it was written.
    expect(lastAnchorLine(anchorDir, 'records')).toMatchObject({ trail: 'records', seq: expect.any(Number) });

    await readPersonTimes(2);
    const chains = await chainsOf(ctx.system);
    expect(chains.subjectsChain).toMatchObject({
      intact: true,
      firstBrokenSeq: null,
      problem: null,
      anchoredSeq: head.seq,
      anchorProblems: [],
    });
    expect(chains.subjectsChain.checkedEntries).toBeGreaterThan(head.seq - 1);
    expect(new Date(chains.subjectsChain.anchoredAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(chains.recordsChain).toMatchObject({ intact: true, anchoredSeq: expect.any(Number), anchorProblems: [] });
    // A whole trail is anchored again when it is verified: the next cut is measured from its present head.
    expect(lastAnchorLine(anchorDir, 'subjects').seq).toBe((await headOf(ctx.system.db.subjects, 'subjects')).seq);
  });

  it('reports an anchor line with a bad signature (and lines that are no anchors) without trusting them', async () => {
    const genuine = lastAnchorLine(anchorDir, 'subjects');
    const records = lastAnchorLine(anchorDir, 'records');
    // Someone who can write the anchor folder but has no key claims a head far ahead (a false alarm), copies
    // the records trail's anchor over (a valid signature, for another trail) and leaves a broken line.
    const forged = { trail: 'subjects', seq: genuine.seq + 1000, hash: 'f'.repeat(64), at: new Date().toISOString(), sig: '0'.repeat(64) };
    appendFileSync(anchorFile(anchorDir, 'subjects'), `${JSON.stringify(forged)}\n${JSON.stringify(records)}\nnot an anchor\n`);

    const chains = await chainsOf(ctx.system);
    expect(chains.subjectsChain).toMatchObject({ intact: true, problem: null, anchoredSeq: genuine.seq });
    expect(chains.subjectsChain.anchorProblems).toEqual([
      'a line of subjects.anchors.jsonl is not an anchor (not JSON): not trusted',
      expect.stringMatching(
        /^an anchor in subjects\.anchors\.jsonl \(seq \d+ at .+\) is for the records trail, not subjects: not trusted$/,
      ),
      `an anchor in subjects.anchors.jsonl (seq ${forged.seq} at ${forged.at}) has a bad signature: not trusted`,
    ]);
    // A line signed with the key for the same head is trusted: the signature, not the place, decides.
    const key = ctx.system.secrets.auditChainKey;
    appendFileSync(
      anchorFile(anchorDir, 'subjects'),
      `${anchorLine(key, { trail: 'subjects', seq: genuine.seq, hash: genuine.hash, at: new Date(genuine.at) })}\n`,
    );
    expect((await chainsOf(ctx.system)).subjectsChain).toMatchObject({ intact: true, anchoredSeq: genuine.seq, anchorProblems: [] });
  });

  it('reports a cut end (superuser, trigger off), and still after new entries are appended onto the cut', async () => {
    await readPersonTimes(3);
    const anchor = await ctx.system.subgraphs.subjects.audit.anchor();
    anchoredSeq = anchor!.seq;
    const on = anchor!.at.toISOString();

    const survivor = await cutNewest(ctx.system.db.subjects, 'subjects', 3);
    expect(survivor).toBeLessThan(anchoredSeq);
    const cut = await chainsOf(ctx.system);
    expect(cut.subjectsChain).toMatchObject({
      intact: false,
      firstBrokenSeq: anchoredSeq,
      problem: `the trail ends at seq ${survivor} but was anchored at seq ${anchoredSeq} on ${on}: its end was cut`,
      anchoredSeq,
    });
    expect(cut.recordsChain.intact).toBe(true);

    // This process chains new entries onto the one it wrote last, which the cut removed: the first new
    // entry's link names a missing predecessor. (A restarted process chains onto the new last row; the anchor
    // still sees the cut then: the restart test below.)
    await readPersonTimes(2);
    const continued = await chainsOf(ctx.system);
    expect(continued.subjectsChain.intact).toBe(false);
    expect(continued.subjectsChain.firstBrokenSeq).toBeGreaterThan(anchoredSeq);
    expect(continued.subjectsChain.problem).toBe(
      'link to the previous entry does not match: an entry before this one was removed or altered',
    );
    expect([continued.recordsChain.intact, continued.incentivesChain.intact]).toEqual([true, true]);
  });

  it('does not anchor over a cut: the latest anchor stays the one the cut removed', async () => {
    await readPersonTimes(1);
    expect(await ctx.system.subgraphs.subjects.audit.anchor()).toBeNull();
    expect(lastAnchorLine(anchorDir, 'subjects').seq).toBe(anchoredSeq);
  });

  it('a new reader over the same database and anchor folder (as after a restart) still sees the cut', async () => {
    const key = ctx.system.secrets.auditChainKey;
    const reader = createAuditLog(ctx.system.db.subjects, { log: subjectsAudit, checkpoints: subjectsAuditCheckpoints }, key, {
      anchoring: { store: fileAnchorStore({ dir: anchorDir, trail: 'subjects', key }), intervalMs: 3600_000 },
    });
    const verification = await reader.verify();
    expect(verification).toMatchObject({ intact: false, anchoredSeq, problem: expect.stringContaining('was removed or altered') });
    // The entries appended after the cut chain onto the removed one: the chain alone sees it as well.
    const unanchored = createAuditLog(ctx.system.db.subjects, { log: subjectsAudit, checkpoints: subjectsAuditCheckpoints }, key, {
      anchoring: { store: null, intervalMs: 0 },
    });
    expect(await unanchored.verify({ full: true })).toMatchObject({ intact: false, anchoredSeq: null, anchorProblems: [] });
  });

  it.runIf(process.env.DATABASE_URL)(
    'a second platform over the same PostgreSQL database and anchor folder reports the cut made above',
    async () => {
      const second = await startSystem({
        env: {
          PORTAL_RATE_LIMIT: '1000000',
          DATABASE_URL: ctx.system.testDatabaseUrl!,
          AUDIT_ANCHOR_DIR: anchorDir,
          AUDIT_ANCHOR_INTERVAL_MS: '0',
        },
        seed: false,
        anyPorts: true,
        manualConsumers: true,
      });
      try {
        const chains = await chainsOf(second);
        expect(chains.subjectsChain).toMatchObject({
          intact: false,
          anchoredSeq,
          problem: expect.stringContaining('was removed or altered'),
        });
        expect(chains.recordsChain.intact).toBe(true);
      } finally {
        await second.close();
      }
    },
  );

  it('anchors what is still unanchored when it closes (before the database connection does)', async () => {
    const key = ctx.system.secrets.auditChainKey;
    const dir = folder('close-anchors');
    const store = fileAnchorStore({ dir, trail: 'records', key });
    const trail = createAuditLog(ctx.system.db.records, { log: recordsAudit, checkpoints: recordsAuditCheckpoints }, key, {
      anchoring: { store, intervalMs: 3600_000 },
    });
    const entry = {
      at: new Date(),
      requestId: `anchor-${randomUUID()}`,
      principal: 'CREDIT_OFFICE:credit-office',
      unitId: 'credit-office',
      operation: 'Test',
      action: 'READ' as const,
      dataClass: 'AUDIT_TRAIL',
      subjectIds: [],
    };
    await trail.append([entry]);
    await trail.append([{ ...entry, requestId: `anchor-${randomUUID()}` }]);
    await trail.close();
    const head = await headOf(ctx.system.db.records, 'records');
    expect((await store.latest()).anchor).toMatchObject({ seq: head.seq, hash: head.hash });
    expect((await chainsOf(ctx.system)).recordsChain.intact).toBe(true);
  });
});

describe('anchored audit trail across a restart', () => {
  // On PostgreSQL too: the PGlite here is on disk, so a platform can stop and start again over it.
  it('the embedded platform anchors by itself after appends and, restarted over the same data and anchors, still reports the cut', async () => {
    const dir = folder('restart');
    // The embedded PGlite on disk anchors beside its data (<dir>/anchors for <dir>/pglite) without being told.
    const start = () =>
      startSystem({
        env: { PORTAL_RATE_LIMIT: '1000000', AUDIT_ANCHOR_INTERVAL_MS: '100' },
        pglite: join(dir, 'pglite'),
        seed: false,
        anyPorts: true,
        manualConsumers: true,
      });
    // An empty platform reads nothing non-public: the entries are appended as a subgraph's request would.
    const audited = async (system: RunningSystem, times: number) => {
      for (let i = 0; i < times; i++)
        await system.subgraphs.subjects.audit.append([
          {
            at: new Date(),
            requestId: `anchor-${i}`,
            principal: 'CREDIT_OFFICE:credit-office',
            unitId: 'credit-office',
            operation: 'Test',
            action: 'MUTATION',
            dataClass: 'SUBJECT_REGISTRATION',
            subjectIds: [],
          },
        ]);
    };
    let system: RunningSystem | undefined;
    try {
      system = await start();
      await audited(system, 4);
      const head = await headOf(system.db.subjects, 'subjects');
      // No one asked for an anchor: the interval after the last append brings it.
      const until = Date.now() + 10_000;
      let anchored: { seq?: number } = {};
      while (Date.now() < until) {
        anchored =
          (await fileAnchorStore({ dir: join(dir, 'anchors'), trail: 'subjects', key: system.secrets.auditChainKey }).latest()).anchor ??
          {};
        if (anchored.seq === head.seq) break;
        await new Promise((wait) => setTimeout(wait, 50));
      }
      expect(anchored).toMatchObject({ seq: head.seq, hash: head.hash });
      const lines = readFileSync(anchorFile(join(dir, 'anchors'), 'subjects'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.length).toBeLessThanOrEqual(4);

      const survivor = await cutNewest(system.db.subjects, 'subjects', 2);
      await system.close();
      system = undefined;

      system = await start();
      await audited(system, 2);
      const chains = await chainsOf(system);
      expect(chains.subjectsChain).toMatchObject({ intact: false, anchoredSeq: head.seq });
      expect(chains.subjectsChain.problem).toMatch(
        new RegExp(`^the trail skips from seq ${survivor} to seq \\d+ but was anchored at seq ${head.seq} on .+: its end was cut`),
      );
    } finally {
      await system?.close();
    }
  });
});
