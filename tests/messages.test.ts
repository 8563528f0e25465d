import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { GraphQLError } from 'graphql';
import { formatError } from '../subgraphs/kit/http.js';
import { log } from '../subgraphs/kit/log.js';
import { definedCodes, localisedErrorsPlugin, negotiateLocale } from '../subgraphs/kit/messages.js';
import { signPrincipal, verifyPrincipal } from '../subgraphs/kit/principal.js';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../subgraphs/registry.js';
import { AS, gatewayInFront, post, useSeededSystem } from './support/system.js';

const EN = { 'accept-language': 'en' };
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
const HAN = /\p{Script=Han}/u;

describe('negotiateLocale: Chinese unless English outweighs it', () => {
  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['en', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5, zh;q=0.6', 'zh-CN'],
    ['fr, zh;q=0.9, en;q=0.5', 'zh-CN'],
    ['fr, en;q=0.5', 'en'],
    ['*', 'zh-CN'],
    ['en;q=0', 'zh-CN'],
    ['en;q=0.000', 'zh-CN'],
    ['zh;q=0, en;q=0.1', 'en'],
    ['', 'zh-CN'],
    [';;;,,,q=', 'zh-CN'],
    ['en;q=abc', 'en'],
    ['\u0000\uffff💥', 'zh-CN'],
  ])('%j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('reads Chinese for no header, a list of headers and an over-long one', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale(null)).toBe('zh-CN');
    expect(negotiateLocale(['fr', 'en;q=0.5'])).toBe('en');
    expect(negotiateLocale(`en, ${'x-'.repeat(600)}`)).toBe('zh-CN');
  });

  it('never throws and answers one of the two locales for any string; a q=0 range never counts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1200 }), (header) => {
        expect(['zh-CN', 'en']).toContain(negotiateLocale(header));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('en', 'en-US', 'en-GB', 'fr', 'de', 'ja'), { maxLength: 6 }), (ranges) => {
        // Every English range refused (q=0): never English.
        const header = [...ranges.map((range) => (range.startsWith('en') ? `${range};q=0` : range)), 'zh;q=0.1'].join(', ');
        expect(negotiateLocale(header)).toBe('zh-CN');
      }),
    );
  });
});

describe('the signed principal header: its language claim changes only the language', () => {
  const secret = 'a-test-secret-of-at-least-32-characters!';
  const principal = { role: 'MEMBER_UNIT' as const, unitId: 'tax' };

  it('carries English across and back, the principal unchanged', () => {
    const english = verifyPrincipal(
      signPrincipal({ principal, requestId: 'r-0001', audience: 'records', issuer: 'gateway', locale: 'en' }, secret),
      secret,
      'records',
    );
    const chinese = verifyPrincipal(
      signPrincipal({ principal, requestId: 'r-0002', audience: 'records', issuer: 'gateway' }, secret),
      secret,
      'records',
    );
    expect(english).toMatchObject({ principal, locale: 'en' });
    expect(chinese).toMatchObject({ principal, locale: 'zh-CN' });
  });

  it('refuses a header whose language was changed after signing, and reads any other signed value as Chinese', () => {
    const header = signPrincipal({ principal, requestId: 'r-0003', audience: 'records', issuer: 'gateway', locale: 'en' }, secret);
    const [body, mac] = header.split('.');
    const payload = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    const retold = (changes: Record<string, unknown>) =>
      `${Buffer.from(JSON.stringify({ ...payload, ...changes })).toString('base64url')}.${mac}`;
    expect(verifyPrincipal(retold({ lg: 'zh-CN' }), secret, 'records')).toBeNull();
    // lg cannot smuggle a role, a unit or anything else: it is one more signed field, read as a language only.
    expect(verifyPrincipal(retold({ lg: { role: 'CREDIT_OFFICE' } }), secret, 'records')).toBeNull();
    expect(verifyPrincipal(retold({ lg: 'en', p: { role: 'CREDIT_OFFICE' } }), secret, 'records')).toBeNull();
    const odd = signPrincipal({ principal, requestId: 'r-0004', audience: 'records', issuer: 'gateway', locale: 'fr' as never }, secret);
    expect(verifyPrincipal(odd, secret, 'records')).toMatchObject({ principal, locale: 'zh-CN' });
  });
});

describe("an internal error reads in the answer's language, with nothing of the cause", () => {
  it('is 服务器内部错误 by default and Internal server error for an English caller', async () => {
    const render = async (locale?: 'en' | 'zh-CN') => {
      const error = new GraphQLError('relation "secret_table" does not exist');
      const hooks = await (localisedErrorsPlugin() as any).requestDidStart();
      if (locale) await hooks.didEncounterErrors({ contextValue: { locale }, errors: [error] });
      return formatError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    };
    expect(await render()).toEqual({ message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'INTERNAL_ERROR' } });
    expect((await render('zh-CN')).message).toBe('服务器内部错误');
    expect((await render('en')).message).toBe('Internal server error');
  });

  it("logs the cause with the request's id, so an operator finds the line a caller quotes", async () => {
    const logged = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    try {
      const error = new GraphQLError('relation "secret_table" does not exist');
      const hooks = await (localisedErrorsPlugin() as any).requestDidStart();
      await hooks.didEncounterErrors({ contextValue: { requestId: 'req-0042' }, errors: [error] });
      formatError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-0042' }), 'internal error');
    } finally {
      logged.mockRestore();
    }
  });
});

/** Calls an entry with stand-ins for its parameters: any property, call or text of one reads as "x". */
function standIn(): unknown {
  const target = () => undefined;
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => 'x' : key === 'length' ? 1 : proxy),
    apply: () => proxy,
  });
  return proxy;
}

/** Codes whose English may name the product itself (its name has no English). */
const EN_MAY_SAY = new Map<string, RegExp>([['*', /信易贷/g]]);

describe('the catalogue of every module that loads in the platform', () => {
  it('has Chinese (with Han characters) and English (without CJK) for every code, and each code once', async () => {
    for (const name of SUBGRAPH_NAMES) await SUBGRAPHS[name].load();
    await import('../gateway/server.js');
    await import('../platform/system.js');
    const codes = definedCodes();
    expect(codes.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [code, entry] of codes) {
      let texts: { zh: string; en: string };
      try {
        texts = (entry as (...args: unknown[]) => { zh: string; en: string })(standIn(), standIn(), standIn());
      } catch (error) {
        problems.push(`${code}: could not be rendered with stand-in parameters (${(error as Error).message})`);
        continue;
      }
      if (typeof texts.zh !== 'string' || !HAN.test(texts.zh)) problems.push(`${code}: zh has no Chinese: ${texts.zh}`);
      let en = String(texts.en);
      for (const [only, allowed] of EN_MAY_SAY) if (only === '*' || only === code) en = en.replace(allowed, '');
      if (CJK.test(en)) problems.push(`${code}: en has CJK: ${texts.en}`);
      if (!en.trim()) problems.push(`${code}: en is empty`);
    }
    expect(problems).toEqual([]);
  });

  it("gives every module's codes its prefix, so two catalogues cannot collide as they grow", async () => {
    const catalogues: [string, Record<string, unknown>][] = [
      ['RECORDS_', (await import('../subgraphs/records/messages.js')).RECORDS_MESSAGES],
      ['REPAIRS_', (await import('../subgraphs/repairs/messages.js')).REPAIRS_MESSAGES],
      ['INCENTIVES_', (await import('../subgraphs/incentives/messages.js')).INCENTIVES_MESSAGES],
      ['SUBJECTS_', (await import('../subgraphs/subjects/messages.js')).SUBJECTS_MESSAGES],
      ['REPORTS_', (await import('../subgraphs/reports/messages.js')).REPORTS_MESSAGES],
      ['GATEWAY_', (await import('../gateway/messages.js')).GATEWAY_MESSAGES],
    ];
    for (const [prefix, catalogue] of catalogues) {
      expect(Object.keys(catalogue).length, prefix).toBeGreaterThan(0);
      expect(Object.keys(catalogue).filter((code) => !code.startsWith(prefix))).toEqual([]);
      // Every code with the prefix comes from that module's catalogue: none defined elsewhere under its name.
      const registered = [...definedCodes().keys()].filter((code) => code.startsWith(prefix));
      expect(registered.sort()).toEqual(Object.keys(catalogue).sort());
    }
  });
});

const ctx = useSeededSystem();

describe('the gateway answers in Chinese, in English on request', () => {
  const url = () => ctx.system.gateway.url;

  it('refuses an unknown API key', async () => {
    const zh = await post(url(), `{ memberUnits { id } }`, {}, { 'x-api-key': 'not-a-key' });
    expect(zh.status).toBe(401);
    expect(zh.body.errors[0]).toMatchObject({
      message: 'API 密钥无效：请核对 x-api-key 的值，或向市信用办申领密钥',
      extensions: { code: 'UNAUTHENTICATED', reason: 'GATEWAY_API_KEY_UNKNOWN' },
    });
    const en = await post(url(), `{ memberUnits { id } }`, {}, { 'x-api-key': 'not-a-key', ...EN });
    expect(en.body.errors[0]).toMatchObject({
      message: 'unknown API key',
      extensions: { code: 'UNAUTHENTICATED', reason: 'GATEWAY_API_KEY_UNKNOWN' },
    });
    const mixed = await post(
      url(),
      `{ memberUnits { id } }`,
      {},
      { 'x-api-key': 'not-a-key', 'accept-language': 'fr, zh;q=0.9, en;q=0.5' },
    );
    expect(mixed.body.errors[0].message).toMatch(HAN);
  });

  it('refuses a malformed bearer token and two credentials at once', async () => {
    const bearer = await post(url(), `{ memberUnits { id } }`, {}, { authorization: 'Token abc' });
    expect(bearer.body.errors[0]).toMatchObject({
      message: 'Authorization 请求头的格式应为“Bearer <令牌>”',
      extensions: { code: 'UNAUTHENTICATED', reason: 'GATEWAY_AUTHORIZATION_NOT_BEARER' },
    });
    const two = await post(url(), `{ memberUnits { id } }`, {}, { ...AS.creditOffice, authorization: 'Bearer x', ...EN });
    expect(two.body.errors[0]).toMatchObject({
      message: 'send one credential: either x-api-key or Authorization, not both',
      extensions: { reason: 'GATEWAY_TWO_CREDENTIALS' },
    });
  });

  it('refuses a cursor this API did not return', async () => {
    const query = `{ subjects(first: 1, after: "bm9wZQ") { totalCount } }`;
    const zh = await post(url(), query);
    expect(zh.body.errors[0]).toMatchObject({
      message: 'after: 不是本接口返回的分页游标：请使用上一页 pageInfo.endCursor 的值',
      extensions: { code: 'BAD_USER_INPUT', field: 'after', reason: 'CURSOR_INVALID' },
    });
    const en = await post(url(), query, {}, EN);
    expect(en.body.errors[0]).toMatchObject({
      message: 'after: is not a cursor returned by this API',
      extensions: { code: 'BAD_USER_INPUT', field: 'after', reason: 'CURSOR_INVALID' },
    });
  });

  it('refuses a Date variable that is no date, naming the variable', async () => {
    const query = `mutation($d: Date!) { endEmergencyResponse(on: $d) { endedOn } }`;
    const zh = await post(url(), query, { d: '2026-02-30' }, AS.creditOffice);
    expect(zh.body.errors[0]).toMatchObject({
      message: 'd: 应为有效日历日期（YYYY-MM-DD），收到 "2026-02-30"',
      extensions: { code: 'BAD_USER_INPUT', field: 'd', reason: 'DATE_INVALID' },
    });
    const en = await post(url(), query, { d: '2026-02-30' }, { ...AS.creditOffice, ...EN });
    expect(en.body.errors[0]).toMatchObject({
      message: 'd: expected a real calendar date as YYYY-MM-DD, got "2026-02-30"',
      extensions: { code: 'BAD_USER_INPUT', field: 'd', reason: 'DATE_INVALID' },
    });
  });

  it('refuses a Date literal that is no date, naming the argument', async () => {
    const query = `mutation { endEmergencyResponse(on: "2026-02-30") { endedOn } }`;
    const zh = await post(url(), query, {}, AS.creditOffice);
    expect(zh.body.errors[0]).toMatchObject({
      message: 'on: 应为有效日历日期（YYYY-MM-DD），收到 "2026-02-30"',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', field: 'on', reason: 'DATE_INVALID' },
    });
    const en = await post(url(), query, {}, { ...AS.creditOffice, ...EN });
    expect(en.body.errors[0].message).toBe('on: expected a real calendar date as YYYY-MM-DD, got "2026-02-30"');
  });

  it('refuses an operation over the depth limit', async () => {
    let selection = 'id';
    for (let i = 0; i < 14; i++) selection = `creditRecords(first: 1) { edges { node { subject { ${selection} } } } }`;
    const query = `{ ${selection.replace(/ subject \{ id \}/, ' id')} }`;
    const zh = await post(url(), query);
    expect(zh.status).toBe(400);
    expect(zh.body.errors[0].extensions).toMatchObject({ code: 'MAX_DEPTH_LIMIT', reason: 'OPERATION_LIMIT_EXCEEDED', max: 12 });
    expect(zh.body.errors[0].message).toMatch(/^查询嵌套层数超过上限 12，本次为 \d+$/);
    const en = await post(url(), query, {}, EN);
    expect(en.body.errors[0].extensions).toMatchObject({ code: 'MAX_DEPTH_LIMIT', reason: 'OPERATION_LIMIT_EXCEEDED' });
    expect(en.body.errors[0].message).toMatch(/^operation exceeds the depth limit of 12: it has \d+$/);
  });

  it('refuses an operation over the token limit, before any field is read', async () => {
    const query = `{ ${Array.from({ length: 6000 }, () => '__typename').join(' ')} }`;
    const zh = await post(url(), query);
    expect(zh.body.errors[0]).toMatchObject({
      message: '查询文本的记号数量超过上限 5000',
      extensions: { code: 'MAX_TOKENS_LIMIT', reason: 'OPERATION_LIMIT_EXCEEDED' },
    });
    const en = await post(url(), query, {}, EN);
    expect(en.body.errors[0]).toMatchObject({
      message: 'operation exceeds the tokens limit of 5000',
      extensions: { code: 'MAX_TOKENS_LIMIT', reason: 'OPERATION_LIMIT_EXCEEDED' },
    });
  });

  it('refuses a body that is not JSON, before GraphQL', async () => {
    const send = (headers: Record<string, string>) =>
      fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query": ' });
    const zh = await send({});
    expect(zh.status).toBe(400);
    expect(((await zh.json()) as any).errors[0]).toEqual({
      message: '请求体不是有效的 JSON',
      extensions: { code: 'BAD_REQUEST', reason: 'GATEWAY_BODY_NOT_JSON' },
    });
    const en = await send(EN);
    expect(((await en.json()) as any).errors[0]).toEqual({
      message: 'request body is not valid JSON',
      extensions: { code: 'BAD_REQUEST', reason: 'GATEWAY_BODY_NOT_JSON' },
    });
  });

  it('refuses a public subjectByCode whose check character is wrong', async () => {
    const query = `query($c: String!) { subjectByCode(code: $c) { id } }`;
    const zh = await post(url(), query, { c: '91320585692138384B' });
    expect(zh.body.data.subjectByCode).toBeNull();
    expect(zh.body.errors[0]).toMatchObject({
      message: 'code: 校验码应为“A”，收到“B”：请核对统一社会信用代码是否抄错',
      extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'CREDIT_CODE_CHECK_CHARACTER' },
    });
    const en = await post(url(), query, { c: '91320585692138384B' }, EN);
    expect(en.body.errors[0]).toMatchObject({
      message: "code: check character should be 'A', got 'B'",
      extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'CREDIT_CODE_CHECK_CHARACTER' },
    });
  });

  it('says a data service is unavailable at the fields it owns, the rest of the answer standing', async () => {
    const server = createTcpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const gateway = await gatewayInFront(ctx.system, { repairs: `http://127.0.0.1:${port}/graphql` });
    try {
      const query = `query($c: String!) { subjectByCode(code: $c) { name repairApplications { number } } }`;
      const at = (body: any) => body.errors.find((e: any) => e.path?.join('.') === 'subjectByCode.repairApplications');
      const zh = await post(gateway.url, query, { c: ctx.demo.companyCode }, AS.creditOffice);
      expect(zh.body.data.subjectByCode.name).toBe(ctx.demo.companyName);
      expect(at(zh.body)).toMatchObject({
        message: '数据服务暂时不可用，其余内容照常返回，请稍后重试',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'GATEWAY_SUBGRAPH_UNAVAILABLE' },
      });
      const en = await post(gateway.url, query, { c: ctx.demo.companyCode }, { ...AS.creditOffice, ...EN });
      expect(at(en.body)).toMatchObject({
        message: 'a data service is unavailable; the rest of the answer stands, please retry later',
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'GATEWAY_SUBGRAPH_UNAVAILABLE' },
      });
    } finally {
      await gateway.close();
    }
  });

  it('refuses public queries over the budget of an address, saying when to retry', async () => {
    const gateway = await gatewayInFront(ctx.system, {}, { portal: { origins: [], fieldsPerMinute: 2 } });
    try {
      const ask = (headers: Record<string, string> = {}) => post(gateway.url, `{ recordCategories { code } }`, {}, headers);
      for (let i = 0; i < 2; i++) expect((await ask()).body.errors).toBeUndefined();
      const zh = await ask();
      expect(zh.status).toBe(429);
      expect(zh.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'GATEWAY_PUBLIC_QUERIES_TOO_MANY' });
      expect(zh.body.errors[0].message).toMatch(/^本地址的公开查询过多：请求过于频繁，请在 \d+ 秒后重试$/);
      const en = await ask(EN);
      expect(en.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'GATEWAY_PUBLIC_QUERIES_TOO_MANY' });
      expect(en.body.errors[0].message).toMatch(/^too many public queries from this address: too many requests; retry after \d+ s$/);
    } finally {
      await gateway.close();
    }
  });

  it('refuses an ID number whose check character is wrong', async () => {
    const query = `{ subjectByIdNumber(idNumber: "110105194912310021") { id } }`;
    const zh = await post(url(), query, {}, AS.creditOffice);
    expect(zh.body.errors[0]).toMatchObject({
      message: 'idNumber: 校验码应为“X”，收到“1”：请核对身份证号码是否抄错',
      extensions: { code: 'BAD_USER_INPUT', field: 'idNumber', reason: 'ID_NUMBER_CHECK_CHARACTER' },
    });
    const en = await post(url(), query, {}, { ...AS.creditOffice, ...EN });
    expect(en.body.errors[0].message).toBe("idNumber: check character should be 'X', got '1'");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// No person-facing refusal is built from a bare string: each passes a Message (kit/messages.ts).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REFUSALS = /\b(badInput|forbidden|notFound|conflict|refusedField|unauthenticated|rateLimited|allowedTo)\(/g;

/** Service-to-service refusals no person reads, each by file and the start of its text, and why a string is right there. */
const STRING_ALLOWED: { file: string; text: string; why: string }[] = [
  { file: 'gateway/context.ts', text: "unauthenticated('x-credit-delegation", why: 'only the reports service sends a delegation' },
  { file: 'gateway/context.ts', text: "unauthenticated('a delegated request", why: 'only the reports service sends a delegation' },
  { file: 'subgraphs/kit/service.ts', text: "unauthenticated('this service only answers", why: 'only the gateway calls a subgraph' },
  { file: 'subgraphs/kit/errors.ts', text: 'forbidden(`${field}: ${reason}`', why: 'the string form of refusedField itself' },
];

const allowed = (finding: string) =>
  STRING_ALLOWED.some(({ file, text }) => finding.startsWith(`${file}:`) && finding.includes(`: ${text}`));

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, folder))) {
    const path = join(folder, name);
    if (name === 'generated' || name === 'node_modules') continue;
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The first argument that is a Message (the second for badInput and refusedField), when it is a string or template. */
function stringRefusals(file: string, text = readFileSync(join(ROOT, file), 'utf8')): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(REFUSALS)) {
    const name = match[1]!;
    if (/function\s+$/.test(text.slice(Math.max(0, match.index! - 10), match.index))) continue;
    let rest = text.slice(match.index! + match[0].length).trimStart();
    if (name === 'badInput' || name === 'refusedField' || name === 'allowedTo') {
      // Skip the field argument: up to the first comma outside brackets and strings.
      let depth = 0;
      let quote = '';
      let i = 0;
      for (; i < rest.length; i++) {
        const c = rest[i]!;
        if (quote) {
          if (c === '\\') i++;
          else if (c === quote) quote = '';
        } else if (`'"\``.includes(c)) quote = c;
        else if ('([{'.includes(c)) depth++;
        else if (')]}'.includes(c)) {
          if (depth === 0) break;
          depth--;
        } else if (c === ',' && depth === 0) break;
      }
      if (rest[i] !== ',') continue;
      rest = rest.slice(i + 1).trimStart();
    }
    if (/^['"`]/.test(rest)) {
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${file}:${line}: ${name}(${rest.slice(0, 60).split('\n')[0]}`);
    }
  }
  return found;
}

describe('person-facing refusals are Messages: the kit and the gateway', () => {
  it('builds none from a string outside the allowed service-to-service refusals', () => {
    const files = [...sourceFiles('gateway'), ...sourceFiles('subgraphs/kit')];
    const found = files.flatMap((file) => stringRefusals(file));
    expect(found.filter((finding) => !allowed(finding))).toEqual([]);
    // Every allowance is still needed: a converted call leaves none behind.
    for (const allowance of STRING_ALLOWED)
      expect(found.some((finding) => finding.startsWith(`${allowance.file}:`) && finding.includes(allowance.text))).toBe(true);
  });

  it('finds a string refusal when there is one (the scan itself works)', () => {
    const sample = [
      "throw forbidden('no');",
      'throw badInput(`input[${i}]`, `bad ${x}`);',
      'throw refusedField("name", M.NAME_HIDDEN());',
      'throw conflict(M.ALREADY_DONE({ id }), { blockedBy });',
      "throw notFound('subject');",
    ].join('\n');
    expect(stringRefusals('sample.ts', sample)).toEqual([
      "sample.ts:1: forbidden('no');",
      'sample.ts:2: badInput(`bad ${x}`);',
      "sample.ts:5: notFound('subject');",
    ]);
  });
});

describe('person-facing refusals are Messages: every subgraph', () => {
  it.each(SUBGRAPH_NAMES)('%s builds none from a string', (name) => {
    const found = sourceFiles(`subgraphs/${name}`).flatMap((file) => stringRefusals(file));
    expect(found.filter((finding) => !allowed(finding))).toEqual([]);
  });

  it.each(SUBGRAPH_NAMES)('%s: every field rule says its refusal with a Message', (name) => {
    const text = readFileSync(join(ROOT, `subgraphs/${name}/policy.ts`), 'utf8');
    expect([...text.matchAll(/^\s*reason:\s*['"`].*$/gm)].map((m) => m[0].trim())).toEqual([]);
  });
});
