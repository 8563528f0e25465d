import { describe, expect, it } from 'vitest';
import { issueToken } from '../gateway/auth.js';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();

const CREDIT_FILE = /* GraphQL */ `
  query CreditFile($code: String!) {
    subjectByCode(code: $code) {
      id name kind creditCode district tags
      creditRecords { id category severity status reportingUnit { id name } disclosure { ruleVersion isPublicNow reason } }
      repairApplications { number state acceptBy record { id category } }
      objections { number state }
      listMemberships { list reason since until active causedBy { id category } }
      supervision { level reason }
    }
  }
`;

describe('one query reads a whole credit file across the four subgraphs', () => {
  it('returns records, repair applications, list memberships and supervision level for the credit office', async () => {
    const { status, body } = await post(ctx.system.gateway.url, CREDIT_FILE, { code: ctx.demo.companyCode }, AS.creditOffice);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const subject = body.data.subjectByCode;
    expect(subject).toMatchObject({
      id: ctx.demo.companyCode,
      name: ctx.demo.companyName,
      creditCode: ctx.demo.companyCode,
      kind: 'LEGAL_PERSON',
    });
    expect(subject.creditRecords.map((r: any) => r.category)).toEqual(expect.arrayContaining(['PRICE_GOUGING', 'PRODUCTION_CONVERSION']));
    // names of reporting units come from the subjects subgraph, records from the records subgraph
    expect(subject.creditRecords.every((r: any) => typeof r.reportingUnit.name === 'string' && r.reportingUnit.name.length > 0)).toBe(true);
    expect(subject.repairApplications.length).toBeGreaterThan(0);
    expect(subject.repairApplications[0].record.category).toBeTruthy();
    expect(subject.listMemberships.some((m: any) => m.list === 'JOINT_PUNISHMENT' && m.active)).toBe(true);
    const punishment = subject.listMemberships.find((m: any) => m.list === 'JOINT_PUNISHMENT' && m.active);
    expect(punishment.causedBy[0].category).toBeTruthy();
    expect(subject.supervision.level).toBe('D');
  });

  it('shows the public the published records and public lists, not the internal supervision level', async () => {
    const { body } = await post(ctx.system.gateway.url, CREDIT_FILE, { code: ctx.demo.companyCode });
    const subject = body.data.subjectByCode;
    expect(subject.creditRecords.length).toBeGreaterThan(0);
    expect(subject.creditRecords.every((r: any) => r.disclosure.isPublicNow)).toBe(true);
    expect(subject.repairApplications).toEqual([]);
    expect(subject.supervision).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: ['subjectByCode', 'supervision'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });
});

describe('natural persons are never public', () => {
  it('hides persons from every PUBLIC query shape', async () => {
    const search = await post(
      ctx.system.gateway.url,
      `{ subjects(first: 100, filter: { kinds: [NATURAL_PERSON] }) { totalCount edges { node { id } } } }`,
    );
    expect(search.body.data.subjects).toEqual({ totalCount: 0, edges: [] });
    const byId = await post(ctx.system.gateway.url, `query($id: ID!) { subject(id: $id) { id name } }`, { id: ctx.demo.personSubjectId });
    expect(byId.body.data.subject).toBeNull();
    const byNumber = await post(ctx.system.gateway.url, `query($n: String!) { subjectByIdNumber(idNumber: $n) { id name idNumber } }`, {
      n: ctx.demo.personIdNumber,
    });
    expect(byNumber.body.data.subjectByIdNumber).toBeNull();
    const records = await post(
      ctx.system.gateway.url,
      `query($id: ID!) { creditRecords(first: 100, filter: { subjectId: $id }) { edges { node { id } } } }`,
      { id: ctx.demo.personSubjectId },
    );
    expect(records.body.data.creditRecords.edges).toEqual([]);
    const entities = await post(
      ctx.system.gateway.url,
      `{ creditRecords(first: 100) { edges { node { subject { id kind name idNumberMasked } } } } }`,
    );
    const subjects = entities.body.data.creditRecords.edges.map((e: any) => e.node.subject);
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.every((s: any) => s === null || s.kind !== 'NATURAL_PERSON')).toBe(true);
    expect(JSON.stringify(entities.body)).not.toContain(ctx.demo.personIdNumber);
  });

  it('shows the full ID number to the credit office only; others get null and FORBIDDEN', async () => {
    const query = `query($n: String!) { subjectByIdNumber(idNumber: $n) { id idNumberMasked idNumber } }`;
    const office = await post(ctx.system.gateway.url, query, { n: ctx.demo.personIdNumber }, AS.creditOffice);
    expect(office.body.data.subjectByIdNumber).toEqual({
      id: ctx.demo.personSubjectId,
      idNumberMasked: `${ctx.demo.personIdNumber.slice(0, 4)}**********${ctx.demo.personIdNumber.slice(-4)}`,
      idNumber: ctx.demo.personIdNumber,
    });
    const unit = await post(ctx.system.gateway.url, query, { n: ctx.demo.personIdNumber }, AS.health);
    expect(unit.body.data.subjectByIdNumber.idNumber).toBeNull();
    expect(unit.body.errors[0]).toMatchObject({ path: ['subjectByIdNumber', 'idNumber'], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('a person signed in through the portal (SUBJECT token)', () => {
  it("reads their own file in full, points included, and nobody else's", async () => {
    const token = await issueToken(ctx.system.auth, { role: 'SUBJECT', sub: ctx.demo.personSubjectId });
    const headers = { authorization: `Bearer ${token}` };
    const own = await post(
      ctx.system.gateway.url,
      `query($id: ID!) { subject(id: $id) { id idNumber creditRecords { category } creditPoints { balance level } } }`,
      { id: ctx.demo.personSubjectId },
      headers,
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.subject).toMatchObject({ id: ctx.demo.personSubjectId, idNumber: ctx.demo.personIdNumber });
    expect(own.body.data.subject.creditRecords.length).toBeGreaterThan(0);
    expect(typeof own.body.data.subject.creditPoints.balance).toBe('number');
    const others = await post(
      ctx.system.gateway.url,
      `{ subjects(first: 100, filter: { kinds: [NATURAL_PERSON] }) { edges { node { id } } } }`,
      {},
      headers,
    );
    expect(others.body.data.subjects.edges.map((e: any) => e.node.id)).toEqual([ctx.demo.personSubjectId]);
  });
});

describe('identifiers are validated with a reason', () => {
  it.each([
    ['9132058569213838', 'WRONG_LENGTH', '应为 18 位，收到 16 位'],
    ['91320585692138384I', 'CREDIT_CODE_BAD_CHARACTER', '第 18 位的字符“I”不允许'],
    ['91320585692138384B', 'CREDIT_CODE_CHECK_CHARACTER', '校验码应为“A”，收到“B”'],
  ])('rejects credit code %s', async (code, reason, text) => {
    const { body } = await post(ctx.system.gateway.url, `query($c: String!) { subjectByCode(code: $c) { id } }`, { c: code });
    expect(body.data.subjectByCode).toBeNull();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', reason });
    expect(body.errors[0].message).toContain(`code: ${text}`);
  });

  it('rejects a bad ID number naming the field', async () => {
    const { body } = await post(
      ctx.system.gateway.url,
      `{ subjectByIdNumber(idNumber: "110105194912310021") { id } }`,
      {},
      AS.creditOffice,
    );
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idNumber' });
    expect(body.errors[0].message).toBe('idNumber: 校验码应为“X”，收到“1”：请核对身份证号码是否抄错');
  });
});

describe('credentials and direct access', () => {
  it('refuses an unknown API key with 401 UNAUTHENTICATED instead of answering as PUBLIC', async () => {
    const { status, body } = await post(ctx.system.gateway.url, `{ memberUnits { id } }`, {}, { 'x-api-key': 'not-a-key' });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data).toBeUndefined();
  });

  it('refuses a malformed bearer token with 401', async () => {
    const { status, body } = await post(ctx.system.gateway.url, `{ memberUnits { id } }`, {}, { authorization: 'Bearer nonsense' });
    expect(status).toBe(401);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers nothing when a subgraph is called without the gateway signature', async () => {
    for (const service of Object.values(ctx.system.services)) {
      const { status, body } = await post(service.url, `{ _service { sdl } }`);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves /health on the gateway and every subgraph', async () => {
    for (const service of [ctx.system.gateway, ...Object.values(ctx.system.services)]) {
      const response = await fetch(`${service.origin}/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', service: service.name });
    }
  });

  it('serves its own explorer to browsers at /graphql and /explorer, and Apollo Sandbox at /sandbox', async () => {
    const origin = ctx.system.gateway.origin;
    for (const url of [ctx.system.gateway.url, `${origin}/explorer`]) {
      const response = await fetch(url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('信用太仓 GraphQL 浏览器');
      expect(html).toContain('demo-credit-office');
      // Everything inlined: no script or stylesheet loaded from elsewhere.
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+rel="stylesheet"/);
    }
    const sandbox = await fetch(`${origin}/sandbox`);
    expect(await sandbox.text()).toContain('embeddable-sandbox');
    // A client asking for JSON is still answered by GraphQL.
    const get = await fetch(`${ctx.system.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('relay pagination of subjects', () => {
  it('walks pages with cursors without overlap', async () => {
    const query = `query($after: String) { subjects(first: 50, after: $after, filter: { district: "沙溪镇" }) { totalCount edges { cursor node { id district } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const { body }: any = await post(ctx.system.gateway.url, query, { after }, AS.creditOffice);
      total = body.data.subjects.totalCount;
      seen.push(...body.data.subjects.edges.map((e: any) => e.node.id));
      expect(body.data.subjects.edges.every((e: any) => e.node.district === '沙溪镇')).toBe(true);
      if (!body.data.subjects.pageInfo.hasNextPage) break;
      after = body.data.subjects.pageInfo.endCursor;
    }
    expect(total).toBeGreaterThan(0);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('rejects an out-of-range page size and a forged cursor', async () => {
    const big = await post(ctx.system.gateway.url, `{ subjects(first: 1000) { totalCount } }`);
    expect(big.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const forged = await post(ctx.system.gateway.url, `{ subjects(after: "bm9wZQ") { totalCount } }`);
    expect(forged.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('refuses an impossible date at the gateway, in a variable or a literal, naming it and saying why', async () => {
    const variable = await post(
      ctx.system.gateway.url,
      `mutation($d: Date!) { endEmergencyResponse(on: $d) { endedOn } }`,
      { d: '2026-02-30' },
      AS.creditOffice,
    );
    expect(variable.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'd' });
    expect(variable.body.errors[0].message).toBe('d: 应为有效日历日期（YYYY-MM-DD），收到 "2026-02-30"');
    const nested = await post(
      ctx.system.gateway.url,
      `query($f: RecordFilter) { creditRecords(first: 1, filter: $f) { edges { cursor } } }`,
      { f: { decidedFrom: '2026-13-01' } },
    );
    expect(nested.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'f.decidedFrom' });
    const literal = await post(
      ctx.system.gateway.url,
      `mutation { endEmergencyResponse(on: "2026-02-30") { endedOn } }`,
      {},
      AS.creditOffice,
    );
    expect(literal.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.body.errors[0].message).toContain('应为有效日历日期');
    const emergency = await post(ctx.system.gateway.url, `{ emergencyResponse { endedOn } }`);
    expect(emergency.body.data.emergencyResponse.endedOn).toBeNull();
  });
});
