import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../subgraphs/kit/principal.js';
import type { Subgraph } from '../subgraphs/kit/subgraph.js';
import { useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const OFFICE: Principal = { role: 'CREDIT_OFFICE', unitId: 'credit-office' };
const PUBLIC: Principal = { role: 'PUBLIC' };

async function run(subgraph: Subgraph<any, any>, query: string, variables: Record<string, unknown> = {}, principal: Principal = OFFICE) {
  const response = await subgraph.server.executeOperation(
    { query, variables },
    { contextValue: subgraph.createContext({ principal, requestId: randomUUID(), operation: 'SubgraphTest' }) },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as { data?: any; errors?: any[] };
}

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on Subject { id } } }`;

describe('subjects subgraph', () => {
  it('resolves Subject and MemberUnit references through _entities, null for unknown ids', async () => {
    const result = await run(
      ctx.system.subgraphs.subjects,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { id name kind } ... on MemberUnit { id name unitKind: kind } } }`,
      {
        reps: [
          { __typename: 'Subject', id: ctx.demo.companyCode },
          { __typename: 'MemberUnit', id: 'health' },
          { __typename: 'Subject', id: 'nobody' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      { id: ctx.demo.companyCode, name: ctx.demo.companyName, kind: 'LEGAL_PERSON' },
      { id: 'health', name: '市卫生健康委员会', unitKind: 'DEPARTMENT' },
      null,
    ]);
  });

  it('does not resolve a natural person for PUBLIC, even by reference', async () => {
    const result = await run(
      ctx.system.subgraphs.subjects,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { id name } } }`,
      { reps: [{ __typename: 'Subject', id: ctx.demo.personSubjectId }] },
      PUBLIC,
    );
    expect(result.data._entities).toEqual([null]);
  });

  it('stores the ID number encrypted, never in clear', async () => {
    const [row] = await ctx.system.subgraphs.subjects.data.subjectsByIds([ctx.demo.personSubjectId], OFFICE);
    expect(row!.idNumberEncrypted).toMatch(/^v1:/);
    expect(row!.idNumberEncrypted).not.toContain(ctx.demo.personIdNumber);
    expect(ctx.system.subgraphs.subjects.data.revealIdNumber(row!)).toBe(ctx.demo.personIdNumber);
  });
});

describe('records subgraph', () => {
  it('contributes creditRecords to Subject references and serves the catalogue', async () => {
    const result = await run(
      ctx.system.subgraphs.records,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Subject { id creditRecords { category kind disclosure { ruleVersion } } } } }`,
      {
        reps: [{ __typename: 'Subject', id: ctx.demo.companyCode }],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].creditRecords.length).toBeGreaterThan(0);
    const catalogue = await run(ctx.system.subgraphs.records, `{ recordCategories { code label article reportingUnits { id } } }`);
    expect(catalogue.data.recordCategories).toHaveLength(37);
    expect(catalogue.data.recordCategories.find((c: any) => c.code === 'PRICE_GOUGING')).toMatchObject({ label: '哄抬物价', article: 2 });
  });

  it('resolves CreditRecord references and hides person records from PUBLIC', async () => {
    const all = await run(
      ctx.system.subgraphs.records,
      `query($id: ID!) { creditRecords(first: 5, filter: { subjectId: $id }) { edges { node { id } } } }`,
      { id: ctx.demo.personSubjectId },
    );
    const ids = all.data.creditRecords.edges.map((e: any) => e.node.id);
    expect(ids.length).toBeGreaterThan(0);
    const reps = ids.map((id: string) => ({ __typename: 'CreditRecord', id }));
    const asOffice = await run(
      ctx.system.subgraphs.records,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CreditRecord { id } } }`,
      { reps },
    );
    expect(asOffice.data._entities.map((e: any) => e.id)).toEqual(ids);
    const asPublic = await run(
      ctx.system.subgraphs.records,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CreditRecord { id } } }`,
      { reps },
      PUBLIC,
    );
    expect(asPublic.data._entities.every((e: unknown) => e === null)).toBe(true);
  });
});

describe('repairs subgraph', () => {
  it('contributes repair applications and objections to Subject and CreditRecord', async () => {
    const result = await run(
      ctx.system.subgraphs.repairs,
      ENTITIES.replace('... on Subject { id }', '... on Subject { id repairApplications { number state acceptBy history { state by } } }'),
      {
        reps: [{ __typename: 'Subject', id: ctx.demo.companyCode }],
      },
    );
    expect(result.errors).toBeUndefined();
    const applications = result.data._entities[0].repairApplications;
    expect(applications.length).toBeGreaterThan(0);
    expect(applications[0].number).toMatch(/^XF\d{8}[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(applications[0].history[0].state).toBe('SUBMITTED');
  });
});

describe('incentives subgraph', () => {
  it('contributes list memberships and supervision level to Subject', async () => {
    const result = await run(
      ctx.system.subgraphs.incentives,
      ENTITIES.replace(
        '... on Subject { id }',
        '... on Subject { id listMemberships(activeOnly: true) { list active } supervision { level } }',
      ),
      {
        reps: [{ __typename: 'Subject', id: ctx.demo.companyCode }],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data._entities[0].supervision.level).toBe('D');
    expect(result.data._entities[0].listMemberships).toContainEqual({ list: 'JOINT_PUNISHMENT', active: true });
  });

  it('shows Loucheng points to the credit office, and only for natural persons', async () => {
    const query = ENTITIES.replace(
      '... on Subject { id }',
      '... on Subject { id creditPoints { balance level history { delta reason } } }',
    );
    const result = await run(ctx.system.subgraphs.incentives, query, {
      reps: [
        { __typename: 'Subject', id: ctx.demo.personSubjectId },
        { __typename: 'Subject', id: ctx.demo.companyCode },
      ],
    });
    expect(result.errors).toBeUndefined();
    const [person, company] = result.data._entities;
    expect(person.creditPoints.balance).toBe(person.creditPoints.history.reduce((sum: number, e: any) => sum + e.delta, 0));
    expect(company.creditPoints).toBeNull();
  });
});
