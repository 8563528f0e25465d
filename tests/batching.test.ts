import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSystem } from '../gateway/system.js';
import { AS, post, startTestSystem } from './support/system.js';

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
    expect(large.auditBySubgraph).toEqual(small.auditBySubgraph);
    for (const count of Object.values(large.auditBySubgraph)) expect(count).toBe(3);
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
