/**
 * The authorization matrix: for every role, one operation that touches every field of the supergraph,
 * with what must come back — data, null with FORBIDDEN at the path, a masked value, or rows absent.
 * It fails when the supergraph gains a field this operation does not read, or a subgraph serves a field
 * its policy table does not name.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLSchema,
} from 'graphql';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { uncoveredFields } from '../subgraphs/kit/field-policy.js';
import { maskPersonName } from '../subgraphs/kit/identifiers.js';
import { INCENTIVES_WRITE, MATRIX, REPAIR_WRITE, WRITE } from './support/matrix-operations.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, useSeededSystem } from './support/system.js';

// The matrix asks every field of the supergraph in one operation per role: far past what an app asks, so
// the operation limits are lifted for it (tests/attack-limits.test.ts holds them).
const ctx = useSeededSystem({
  env: { LIMIT_ROOT_FIELDS: '1000', LIMIT_COST: '100000000', LIMIT_DEPTH: '50', LIMIT_ALIASES: '1000', LIMIT_TOKENS: '100000' },
});

type Role = 'PUBLIC' | 'PERSON' | 'COMPANY' | 'HEALTH' | 'MARKET' | 'TAX' | 'BANK' | 'ANALYST' | 'OFFICE';
const ROLES: Role[] = ['PUBLIC', 'PERSON', 'COMPANY', 'HEALTH', 'MARKET', 'TAX', 'BANK', 'ANALYST', 'OFFICE'];

let headers: Record<Role, Record<string, string>>;
let variables: Record<string, string>;
let person: { name: string; idNumber: string; address: string };
const results = {} as Record<Role, { data: any; errors: any[] }>;
const writes = {} as Record<Role, { data: any; errors: any[] }>;
const repairWrites = {} as Record<Role, { data: any; errors: any[] }>;
const incentiveWrites = {} as Record<Role, { data: any; errors: any[] }>;

/** A report each role would make: a category its unit may report (the others are refused anyway). */
const CATEGORY_FOR: Partial<Record<Role, string>> = { HEALTH: 'NO_HEALTH_MONITORING', MARKET: 'PRICE_NOT_MARKED', TAX: 'LATE_TAX' };
const reportFor = (role: Role, n: number) => ({
  subject: { creditCode: '91320585692138384A', name: '矩阵测试有限公司' },
  category: CATEGORY_FOR[role] ?? 'PRICE_NOT_MARKED',
  decisionDate: '2026-10-01',
  facts: `矩阵测试事实 ${role} ${n}`,
  unitReference: `MATRIX-${role}-${n}`,
  ...(role === 'MARKET' || !CATEGORY_FOR[role] ? { penalty: WARNING_PENALTY } : {}),
});
const licenceFor = (role: Role) => ({
  subject: { creditCode: '91320585692138384A', name: '矩阵测试有限公司' },
  decisionNumber: `MATRIX-LIC-${role}`,
  type: 'GENERAL',
  content: `矩阵测试许可 ${role}`,
  decisionDate: '2026-10-01',
  validFrom: '2026-10-01',
});

beforeAll(async () => {
  const { system, demo } = ctx;
  const token = async (sub: string) => ({ authorization: `Bearer ${await issueToken(system.auth, { role: 'SUBJECT', sub })}` });
  headers = {
    PUBLIC: AS.public,
    PERSON: await token(demo.personSubjectId),
    COMPANY: await token(demo.companyCode),
    HEALTH: AS.health,
    MARKET: AS.marketRegulation,
    TAX: { 'x-api-key': 'demo-tax' },
    BANK: AS.bank,
    ANALYST: AS.analyst,
    OFFICE: AS.creditOffice,
  };
  // No door gives a person an address (the registry keeps organisations'; intake names a person by ID number):
  // the fixture writes one in the subjects schema, so the rule that guards it is attacked on a real value.
  await system.db.subjects.execute(
    sql`update subjects.subjects set registered_address = '江苏省太仓市城厢镇人民南路8号' where id = ${demo.personSubjectId}`,
  );
  // Ids to probe, found as the credit office: a person's quarantine record reported by the police, the
  // demo company's cases, the demo person's identity.
  const setup = await post(
    system.gateway.url,
    `query($c: String!, $p: ID!, $cid: ID!) {
      company: subjectByCode(code: $c) { repairApplications { id } objections { id } }
      person: subject(id: $p) { name idNumber registeredAddress }
      creditRecords(first: 100, filter: { categories: [EVADING_QUARANTINE], reportingUnitId: "public-security" }) { edges { node { id subject { id } } } }
      anyObjection: creditRecords(first: 100, filter: { statuses: [DISPUTED] }) { edges { node { objections { id } } } }
      rectify: creditRecords(first: 1, filter: { categories: [REOPENING_NONCOMPLIANCE], reportingUnitId: "commerce", decidedTo: "2026-11-01" }) { edges { node { id } } }
      commitments: creditRecords(first: 1, filter: { subjectId: $cid, categories: [PRICE_SELF_DISCIPLINE] }) { edges { node { id } } }
    }`,
    { c: demo.companyCode, p: demo.personSubjectId, cid: demo.companyCode },
    AS.creditOffice,
  );
  const data = setup.body.data;
  person = { name: data.person.name, idNumber: data.person.idNumber, address: data.person.registeredAddress };
  variables = {
    company: demo.companyCode,
    personId: demo.personSubjectId,
    idNumber: demo.personIdNumber,
    personRecord: data.creditRecords.edges[0].node.id,
    application: data.company.repairApplications[0].id,
    rectify: data.rectify.edges[0].node.id,
    commitment: data.commitments.edges[0].node.id,
    objection: data.company.objections[0]?.id ?? data.anyObjection.edges.find((e: any) => e.node.objections.length).node.objections[0].id,
  };
  // A licence the health commission granted the demo person: the person, the commission and the credit office see it.
  const personLicence = await post(
    system.gateway.url,
    `mutation($i: [LicenceReportInput!]!) { reportLicences(input: $i) { outcome } }`,
    {
      i: [
        {
          subject: { idNumber: person.idNumber, name: person.name },
          decisionNumber: '太卫医许〔2026〕MATRIX号',
          certificateName: '医师执业证书',
          type: 'GENERAL',
          content: '执业类别：临床；执业范围：内科专业',
          decisionDate: '2026-03-02',
          validFrom: '2026-03-02',
        },
      ],
    },
    AS.health,
  );
  expect(personLicence.body.data.reportLicences).toEqual([{ outcome: 'CREATED' }]);
  const { rectify, commitment, ...readVariables } = variables;
  for (const role of ROLES) {
    const { status, body } = await post(
      system.gateway.url,
      MATRIX,
      { ...readVariables, companyId: demo.companyCode, progressNumber: `XF-MATRIX-${role}` },
      headers[role],
    );
    expect({ status, errors: status === 200 ? [] : body.errors }).toEqual({ status: 200, errors: [] });
    results[role] = { data: body.data, errors: body.errors ?? [] };
  }
  for (const role of ROLES) {
    const { body } = await post(
      system.gateway.url,
      WRITE,
      { batch: [reportFor(role, 1), reportFor(role, 2)], one: reportFor(role, 3), licences: [licenceFor(role)], rectify, commitment },
      headers[role],
    );
    writes[role] = { data: body.data, errors: body.errors ?? [] };
    const repair = await post(system.gateway.url, REPAIR_WRITE, { nowhere: '00000000-0000-4000-8000-000000000000' }, headers[role]);
    repairWrites[role] = { data: repair.body.data, errors: repair.body.errors ?? [] };
    const incentives = await post(system.gateway.url, INCENTIVES_WRITE, { nowhere: '00000000-0000-4000-8000-000000000000' }, headers[role]);
    incentiveWrites[role] = { data: incentives.body.data, errors: incentives.body.errors ?? [] };
  }
});

describe('coverage', () => {
  it('reads every field of the supergraph in the matrix operation', async () => {
    const introspection = await post(ctx.system.gateway.url, getIntrospectionQuery(), {}, AS.creditOffice);
    const schema: GraphQLSchema = buildClientSchema(introspection.body.data);
    const read = new Set<string>();
    const typeInfo = new TypeInfo(schema);
    for (const document of [MATRIX, WRITE, REPAIR_WRITE, INCENTIVES_WRITE])
      visit(
        parse(document),
        visitWithTypeInfo(typeInfo, {
          Field: () => {
            const parent = typeInfo.getParentType();
            const field = typeInfo.getFieldDef();
            if (parent && field) read.add(`${parent.name}.${field.name}`);
          },
        }),
      );
    const all = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) => Object.keys((type as any).getFields()).map((field) => `${type.name}.${field}`));
    expect(all.filter((coordinate) => !read.has(coordinate))).toEqual([]);
  });

  it('has a policy entry for every field each subgraph serves', () => {
    for (const subgraph of Object.values(ctx.system.subgraphs))
      expect({ [subgraph.name]: uncoveredFields(subgraph.schema, subgraph.fieldPolicy) }).toEqual({ [subgraph.name]: [] });
  });

  it('answers every role with no error but FORBIDDEN', () => {
    for (const role of ROLES) {
      const codes = [...results[role].errors, ...writes[role].errors].map((e: any) => e.extensions?.code);
      expect({ role, codes: [...new Set(codes)].filter((c) => c !== 'FORBIDDEN') }).toEqual({ role, codes: [] });
    }
  });
});

/** Expected outcome per role: 'data' present, 'forbidden' (null + FORBIDDEN at the path), 'absent' (no row), or a value; 'list': a list, empty or not (what is due depends on the day). */
type Outcome = 'data' | 'forbidden' | 'absent' | 'masked' | 'none' | 'some' | 'list';

function outcome(role: Role, path: string): Outcome {
  const source = path.startsWith('write:') ? writes[role] : results[role];
  const key = path.replace(/^write:/, '');
  const value = key.split('.').reduce((node: any, part) => node?.[part], source.data);
  const forbidden = source.errors.some((error: any) => error.extensions?.code === 'FORBIDDEN' && error.path.join('.') === key);
  if (forbidden) return value === null ? 'forbidden' : 'data';
  if (Array.isArray(value)) return value.length ? 'some' : 'none';
  return value === null || value === undefined ? 'absent' : 'data';
}

const row = (expected: Partial<Record<Role, Outcome>>, fallback: Outcome) =>
  Object.fromEntries(ROLES.map((role) => [role, expected[role] ?? fallback]));

describe.each([
  ['company', row({}, 'data')],
  ['company.supervision', row({ COMPANY: 'data', HEALTH: 'data', MARKET: 'data', TAX: 'data', OFFICE: 'data' }, 'forbidden')],
  ['company.repairApplications', row({ COMPANY: 'some', MARKET: 'some', OFFICE: 'some' }, 'none')],
  ['company.creditPoints', row({}, 'absent')],
  ['company.trainingEnrolments', row({ COMPANY: 'none', OFFICE: 'none' }, 'forbidden')],
  ['person', row({ PERSON: 'data', HEALTH: 'data', MARKET: 'data', OFFICE: 'data' }, 'absent')],
  ['byIdNumber', row({ PERSON: 'data', HEALTH: 'data', MARKET: 'data', OFFICE: 'data' }, 'absent')],
  ['person.idNumber', row({ PERSON: 'data', OFFICE: 'data', HEALTH: 'forbidden', MARKET: 'forbidden' }, 'absent')],
  ['person.registeredAddress', row({ PERSON: 'data', OFFICE: 'data', HEALTH: 'data', MARKET: 'forbidden' }, 'absent')],
  ['person.creditPoints', row({ PERSON: 'data', OFFICE: 'data', HEALTH: 'forbidden', MARKET: 'forbidden' }, 'absent')],
  ['person.creditRecords', row({ PERSON: 'some', HEALTH: 'some', OFFICE: 'some', MARKET: 'none' }, 'absent')],
  ['personRecord', row({ HEALTH: 'data', OFFICE: 'data' }, 'absent')],
  ['personRecord.facts', row({ HEALTH: 'forbidden', OFFICE: 'data' }, 'absent')],
  // The same rule as the facts (a quarantine record carries no penalty details: null for the office).
  ['personRecord.penalty', row({ HEALTH: 'forbidden' }, 'absent')],
  ['company.administrativeLicences', row({}, 'some')],
  ['person.administrativeLicences', row({ PERSON: 'some', HEALTH: 'some', OFFICE: 'some', MARKET: 'none' }, 'absent')],
  ['repairApplication', row({ COMPANY: 'data', MARKET: 'data', OFFICE: 'data' }, 'absent')],
  ['recordStatistics', row({ HEALTH: 'some', MARKET: 'some', TAX: 'some', ANALYST: 'some', OFFICE: 'some' }, 'forbidden')],
  ['subjectStatistics', row({ HEALTH: 'some', MARKET: 'some', TAX: 'some', ANALYST: 'some', OFFICE: 'some' }, 'forbidden')],
  ['auditTrail', row({ OFFICE: 'data' }, 'forbidden')],
  ['listMembers.edges', row({}, 'some')],
  ['recordCategories', row({}, 'some')],
  ['tolerancePolicies', row({}, 'some')],
  ['write:reportRecords', row({ HEALTH: 'some', MARKET: 'some', TAX: 'some', OFFICE: 'some' }, 'forbidden')],
  ['write:reportRecord', row({ HEALTH: 'data', MARKET: 'data', TAX: 'data', OFFICE: 'data' }, 'forbidden')],
  ['write:reportLicences', row({ HEALTH: 'some', MARKET: 'some', TAX: 'some', OFFICE: 'some' }, 'forbidden')],
  ['write:endEmergencyResponse', row({ OFFICE: 'data' }, 'forbidden')],
  ['write:setToleranceDeferral', row({ OFFICE: 'data' }, 'forbidden')],
  ['write:extendRectification', row({ OFFICE: 'data' }, 'forbidden')],
  ['write:fulfilCommitment', row({ MARKET: 'data', OFFICE: 'data' }, 'forbidden')],
  // The registry: the unit holding MARKET_REGULATION, and the credit office; no other unit, whatever it may report.
  ['write:registerSubjects', row({ MARKET: 'some', OFFICE: 'some' }, 'forbidden')],
  // Designations are the credit office's alone, the registry included.
  ['write:designateSubjects', row({ OFFICE: 'some' }, 'forbidden')],
  ['applicationProgress', row({}, 'absent')],
  ['overdueRepairApplications', row({ OFFICE: 'some' }, 'forbidden')],
  // A unit's own cases, the credit office's all: the other roles have no work queue.
  ['overdueObjections', row({ HEALTH: 'list', MARKET: 'list', TAX: 'list', OFFICE: 'list' }, 'forbidden')],
  ['workQueue', row({ HEALTH: 'data', MARKET: 'data', TAX: 'data', OFFICE: 'data' }, 'forbidden')],
  ['workQueue.edges', row({ HEALTH: 'list', MARKET: 'list', TAX: 'list', OFFICE: 'some' }, 'absent')],
  // The evidence a repair decision rests on: the decider (the reporting unit, the credit office), not the applicant.
  ['repairApplication.evidence', row({ COMPANY: 'forbidden', MARKET: 'data', OFFICE: 'data' }, 'absent')],
  ['overdueRectifications', row({ HEALTH: 'data', MARKET: 'data', TAX: 'data', OFFICE: 'data' }, 'forbidden')],
  ['publicDisclosures.edges', row({}, 'some')],
  ['company.loanAuthorisations', row({ COMPANY: 'none', OFFICE: 'none' }, 'forbidden')],
  ['person.loanAuthorisations', row({ PERSON: 'none', OFFICE: 'none', HEALTH: 'forbidden', MARKET: 'forbidden' }, 'absent')],
  ['measures', row({}, 'some')],
  ['measuresFor', row({ HEALTH: 'some', MARKET: 'some', TAX: 'some', BANK: 'some', OFFICE: 'some' }, 'forbidden')],
  ['measureCompliance.edges', row({ OFFICE: 'some' }, 'absent')],
  ['measureComplianceSummary', row({ OFFICE: 'some' }, 'forbidden')],
  ['pointsRules', row({}, 'some')],
  ['loanProfile', row({ COMPANY: 'data', OFFICE: 'data' }, 'forbidden')],
  ['loanAuthorisations', row({ PERSON: 'none', COMPANY: 'none', BANK: 'none', OFFICE: 'none' }, 'forbidden')],
  ['exemplars.edges', row({}, 'some')],
  ['company.creditReport', row({}, 'data')],
  ['company.fullReport', row({ COMPANY: 'data', OFFICE: 'data' }, 'forbidden')],
  ['company.specialReport', row({ COMPANY: 'data', OFFICE: 'data' }, 'forbidden')],
  ['verifyCreditReport', row({}, 'data')],
])('%s', (path, expected) => {
  it.each(ROLES)('as %s', (role) => {
    if (expected[role] === 'list') expect(['some', 'none']).toContain(outcome(role, path));
    else expect(outcome(role, path)).toBe(expected[role]);
  });
});

/** Per mutation, the code each role gets; roles not named get FORBIDDEN. */
const INCENTIVE_WRITE_CODES: Record<string, Partial<Record<Role, string>>> = {
  addListEntry: { OFFICE: 'BAD_USER_INPUT' },
  endListMembership: { OFFICE: 'NOT_FOUND' },
  reportMeasureFeedback: {
    HEALTH: 'BAD_USER_INPUT',
    MARKET: 'BAD_USER_INPUT',
    TAX: 'BAD_USER_INPUT',
    BANK: 'BAD_USER_INPUT',
    OFFICE: 'BAD_USER_INPUT',
  },
  setPointsRule: { OFFICE: 'BAD_USER_INPUT' },
  grantLoanAuthorisation: { PERSON: 'BAD_USER_INPUT', COMPANY: 'BAD_USER_INPUT' },
  // Whether an authorisation exists is nobody's business but the subject's and the office's.
  revokeLoanAuthorisation: Object.fromEntries(ROLES.map((role) => [role, 'NOT_FOUND'])),
  consentToExemplarPublicity: { PERSON: 'BAD_USER_INPUT', COMPANY: 'BAD_USER_INPUT' },
  withdrawExemplarConsent: { PERSON: 'none', COMPANY: 'BAD_USER_INPUT' },
};

describe('incentive mutations', () => {
  it.each(ROLES)('as %s: refused by role, or answered by the workflow', (role) => {
    const got = Object.fromEntries(
      Object.keys(INCENTIVE_WRITE_CODES).map((field) => [
        field,
        incentiveWrites[role].errors.find((error: any) => error.path[0] === field)?.extensions.code ?? 'none',
      ]),
    );
    const expected = Object.fromEntries(Object.entries(INCENTIVE_WRITE_CODES).map(([field, codes]) => [field, codes[role] ?? 'FORBIDDEN']));
    expect(got).toEqual(expected);
  });
});

describe('repair mutations', () => {
  it.each(ROLES)('as %s: refused by policy, or let through to the workflow', (role) => {
    const codes = repairWrites[role].errors.map((error: any) => `${error.path.join('.')}:${error.extensions.code}`).sort();
    const refused = ['PUBLIC', 'BANK', 'ANALYST'].includes(role);
    const subject = ['PERSON', 'COMPANY'].includes(role);
    const verifier = ['HEALTH', 'MARKET', 'TAX', 'OFFICE'].includes(role);
    expect(codes).toEqual([
      refused ? 'applyForRepair:FORBIDDEN' : 'applyForRepair:BAD_USER_INPUT',
      subject ? 'enrolInTraining:NOT_FOUND' : 'enrolInTraining:FORBIDDEN',
      verifier ? 'extendObjection:NOT_FOUND' : 'extendObjection:FORBIDDEN',
      role === 'OFFICE' ? 'issueForceMajeureCertificate:BAD_USER_INPUT' : 'issueForceMajeureCertificate:FORBIDDEN',
      refused ? 'moveRepairApplication:FORBIDDEN' : 'moveRepairApplication:NOT_FOUND',
      subject ? 'raiseObjection:BAD_USER_INPUT' : 'raiseObjection:FORBIDDEN',
      role === 'OFFICE' ? 'recordTrainingAttendance:NOT_FOUND' : 'recordTrainingAttendance:FORBIDDEN',
      verifier ? 'resolveObjection:NOT_FOUND' : 'resolveObjection:FORBIDDEN',
      role === 'OFFICE' ? 'scheduleTraining:BAD_USER_INPUT' : 'scheduleTraining:FORBIDDEN',
    ]);
  });
});

describe('masking', () => {
  it("shows a person's name in full to the person, enforcement units and the credit office, masked to other units", () => {
    for (const role of ['PERSON', 'HEALTH', 'OFFICE'] as Role[]) expect(results[role].data.person.name).toBe(person.name);
    expect(results.MARKET.data.person.name).toBe(maskPersonName(person.name));
    expect(results.MARKET.data.person.name).not.toBe(person.name);
  });

  it('shows the ID number masked to everyone who may see the person', () => {
    const masked = `${person.idNumber.slice(0, 4)}**********${person.idNumber.slice(-4)}`;
    for (const role of ['PERSON', 'HEALTH', 'MARKET', 'OFFICE'] as Role[]) expect(results[role].data.person.idNumberMasked).toBe(masked);
  });
});

describe('PUBLIC never sees a natural person', () => {
  it('gets no person id, name, ID number or address anywhere in the matrix answer', () => {
    const text = JSON.stringify(results.PUBLIC);
    for (const secret of [ctx.demo.personSubjectId, person.idNumber, person.idNumber.slice(-4) + '"', person.address])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"P-[0-9a-f]{32}"/);
  });

  it.each([
    ['every subject page', `{ subjects(first: 100, filter: { kinds: [NATURAL_PERSON] }) { totalCount edges { node { id } } } }`],
    ['persons by any filter', `{ subjects(first: 100, filter: { tags: [EPIDEMIC_PREVENTION] }) { edges { node { id kind name } } } }`],
    [
      'person records by category',
      `{ creditRecords(first: 100, filter: { categories: [CONCEALING_ILLNESS, EVADING_QUARANTINE, REFUSING_PREVENTION_DUTIES, SPREADING_RUMOURS, FRONTLINE_DUTY, VOLUNTEER_SERVICE, DONATION, MEDICAL_AID_HUBEI] }) { edges { node { id subject { id name } facts } } } }`,
    ],
    ['red list', `{ listMembers(list: RED, first: 100) { edges { node { subject { id name kind } } } } }`],
    ['joint punishment list', `{ listMembers(list: JOINT_PUNISHMENT, first: 100) { edges { node { subject { id name kind } } } } }`],
    ['key attention list', `{ listMembers(list: KEY_ATTENTION, first: 100) { edges { node { subject { id } } } } }`],
  ])('%s', async (_, query) => {
    const { body } = await post(ctx.system.gateway.url, query);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/"P-[0-9a-f]{32}"/);
    expect(text).not.toContain('"NATURAL_PERSON"');
    expect(text).not.toContain(person.idNumber);
  });
});
