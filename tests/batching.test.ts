import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../platform/system.js';
import { AS, post, startTestSystem } from './support/system.js';
import { DEMO_COMPANY } from '../platform/seed/index.js';

let system: RunningSystem;
const statements: { subgraph: string; sql: string }[] = [];

beforeAll(async () => {
  system = await startTestSystem({ observer: (subgraph, sql) => statements.push({ subgraph, sql }) });
});
afterAll(() => system?.close());

const PAGE = /* GraphQL */ `
  query Page($first: Int!) {
    subjects(first: $first) {
      edges {
        node {
          id
          name
          creditRecords { id category reportingUnit { id } }
          repairApplications { id state }
          listMemberships { list since }
        }
      }
    }
  }
`;

/** The audit trail's append (lock, read the chain head, insert) is counted apart from the reads. */
const isAuditWrite = (sql: string): boolean => /audit_log|pg_advisory_xact_lock/.test(sql);

async function countStatements(first: number) {
  statements.length = 0;
  const { body } = await post(system.gateway.url, PAGE, { first }, AS.creditOffice);
  expect(body.errors).toBeUndefined();
  const bySubgraph: Record<string, number> = {};
  const auditBySubgraph: Record<string, number> = {};
  for (const { subgraph, sql } of statements) {
    const counts = isAuditWrite(sql) ? auditBySubgraph : bySubgraph;
    counts[subgraph] = (counts[subgraph] ?? 0) + 1;
  }
  return { bySubgraph, auditBySubgraph, edges: body.data.subjects.edges };
}

describe('batching: one SQL statement per subgraph fetch, whatever the page size', () => {
  it('reads a page of 100 subjects with their records, applications and memberships in one statement per subgraph', async () => {
    const { bySubgraph, edges } = await countStatements(100);
    expect(edges).toHaveLength(100);
    expect(edges.some((e: any) => e.node.creditRecords.length > 0)).toBe(true);
    expect(edges.some((e: any) => e.node.listMemberships.length > 0)).toBe(true);
    expect(bySubgraph).toEqual({ subjects: 1, records: 1, repairs: 1, incentives: 1 });
  });

  it("writes each subgraph's audit entries for the request in one append, whatever the page size", async () => {
    const small = await countStatements(10);
    const large = await countStatements(100);
    // A larger page may reach non-public rows of one more subgraph (the demo data changes with the day), never
    // fewer, and each subgraph that wrote, wrote once: group commit, one INSERT per batch (kit/audit-append.ts).
    expect(Object.keys(large.auditBySubgraph)).toEqual(expect.arrayContaining(Object.keys(small.auditBySubgraph)));
    expect(Object.keys(small.auditBySubgraph).length).toBeGreaterThan(0);
    for (const { auditBySubgraph } of [small, large]) for (const count of Object.values(auditBySubgraph)) expect(count).toBe(1);
  });

  it('issues the same number of statements for 10 subjects as for 100', async () => {
    const small = await countStatements(10);
    const large = await countStatements(100);
    expect(small.bySubgraph).toEqual(large.bySubgraph);
  });

  it('resolves 100 entity references in a single IN query', async () => {
    await countStatements(100);
    const subjectsSql = statements.filter((s) => s.subgraph === 'records' && !isAuditWrite(s.sql)).map((s) => s.sql);
    expect(subjectsSql).toHaveLength(1);
    expect(subjectsSql[0]).toMatch(/"subject_id" in \(/i);
  });
});

describe('batching: incentives', () => {
  async function incentiveStatements(query: string, variables: Record<string, unknown>) {
    statements.length = 0;
    const { body } = await post(system.gateway.url, query, variables, AS.creditOffice);
    expect(body.errors).toBeUndefined();
    const counts: Record<string, number> = {};
    for (const { subgraph, sql } of statements) if (!isAuditWrite(sql)) counts[subgraph] = (counts[subgraph] ?? 0) + 1;
    return { counts, body };
  }

  it('derives the supervision level of 100 subjects in as many statements as of 10', async () => {
    const query = `query($first: Int!) { subjects(first: $first) { edges { node { id supervision { level } creditPoints { balance } } } } }`;
    const small = await incentiveStatements(query, { first: 10 });
    const large = await incentiveStatements(query, { first: 100 });
    expect(large.body.data.subjects.edges.filter((e: any) => e.node.supervision.level === 'D').length).toBeGreaterThan(0);
    expect(large.counts).toEqual(small.counts);
    expect(large.counts.incentives).toBeLessThanOrEqual(3);
  });

  it('reads a page of exemplars with names and deeds in as many statements as a short one', async () => {
    const query = `query($first: Int!) { exemplars(first: $first) { edges { node { subject { name } deeds { label record { category } } } } } }`;
    const small = await incentiveStatements(query, { first: 1 });
    const large = await incentiveStatements(query, { first: 50 });
    expect(large.body.data.exemplars.edges.length).toBeGreaterThan(small.body.data.exemplars.edges.length);
    expect(large.counts).toEqual(small.counts);
  });
});

describe('batching: duplicate entity representations', () => {
  it('reads each reporting unit once however many of the file’s records name it', async () => {
    statements.length = 0;
    const { body } = await post(
      system.gateway.url,
      `query($code: String!) { subjectByCode(code: $code) { creditRecords { id reportingUnit { id name } } } }`,
      { code: DEMO_COMPANY.code },
      AS.creditOffice,
    );
    expect(body.errors).toBeUndefined();
    const units = body.data.subjectByCode.creditRecords.map((r: any) => r.reportingUnit.id);
    // The attack: the plan asks subjects for one unit per record, the same unit several times.
    expect(units.length).toBeGreaterThan(new Set(units).size);
    const unitReads = statements.filter((s) => s.subgraph === 'subjects' && /member_units/.test(s.sql) && !isAuditWrite(s.sql));
    expect(unitReads).toHaveLength(1);
    expect(new Set(unitReads[0]!.sql.match(/\$\d+/g)).size).toBe(new Set(units).size);
  });
});
