import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importFile } from '../scripts/import/run.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

// Attack (issue 11, item 5): text PostgreSQL or UTF-8 cannot hold — U+0000, lone surrogates — was
// altered silently (U+D800 stored as U+FFFD), failed reads with INTERNAL_SERVER_ERROR, and made intake
// answer "could not be stored; send it again", which could never succeed. It must be refused by name.

const ctx = useSeededSystem();

const NUL = '含有无法存储的字符（U+0000 空字符）';
const LONE = (code: string) => `含有不成对的代理项（U+${code}），不是有效的 Unicode 文本`;

const REPORT = /* GraphQL */ `
  mutation Report($input: [RecordReportInput!]!) {
    reportRecords(input: $input) { index outcome problems { field reason } record { id facts legalBasis } }
  }
`;

let serial = 0;
const item = (overrides: Record<string, unknown> = {}) => ({
  subject: { creditCode: makeCreditCode('91320585MA0099001'), name: '太仓市文本测试贸易有限公司' },
  category: 'PRICE_NOT_MARKED',
  decisionDate: '2026-10-08',
  facts: '当事人销售口罩未明码标价。',
  legalBasis: '《中华人民共和国价格法》第十三条',
  penalty: WARNING_PENALTY,
  unitReference: `太市监价罚〔2026〕TXT${++serial}号`,
  ...overrides,
});
const report = async (input: unknown[]) => {
  const { body } = await post(ctx.system.gateway.url, REPORT, { input }, AS.marketRegulation);
  expect(body.errors).toBeUndefined();
  return body.data.reportRecords as any[];
};
const storedCount = async (refs: string[]) => {
  const rows = await queryRows<{ n: number }>(
    ctx.system.db.records.execute(
      sql`select count(*)::int as n from records.credit_records where unit_reference in (${sql.join(
        refs.map((ref) => sql`${ref}`),
        sql`, `,
      )})`,
    ),
  );
  return Number(rows[0]!.n);
};

/** The test's own view of what PostgreSQL's UTF-8 text cannot hold: U+0000, or text UTF-8 does not carry unchanged. */
const unholdable = (text: string) => text.includes('\u0000') || Buffer.from(text, 'utf8').toString('utf8') !== text;

describe('text that cannot be stored, at intake (归集报送)', () => {
  it('rejects the item naming the field and why, lets the good item through, and stores nothing of the bad ones', async () => {
    const lone = item({ facts: '当事人销售口罩\ud800未明码标价。' });
    const nul = item({ legalBasis: '《中华人民共和国价格法》\u0000第十三条' });
    const good = item();
    const results = await report([lone, nul, good]);
    expect(results.map((r) => r.outcome)).toEqual(['REJECTED', 'REJECTED', 'CREATED']);
    expect(results[0].problems).toEqual([{ field: 'input[0].facts', reason: LONE('D800') }]);
    expect(results[1].problems).toEqual([{ field: 'input[1].legalBasis', reason: NUL }]);
    expect(results[2].record).toMatchObject({ facts: good.facts, legalBasis: good.legalBasis });
    expect(await storedCount([lone.unitReference, nul.unitReference])).toBe(0);
    // Sent again, the answer is the same: nothing to retry, something to fix.
    const again = await report([nul]);
    expect(again[0]).toMatchObject({ outcome: 'REJECTED', problems: [{ field: 'input[0].legalBasis', reason: NUL }] });
  });

  it('names nested fields and every bad one of an item; reportRecord names `input.…`', async () => {
    const [both] = await report([
      item({ subject: { creditCode: makeCreditCode('91320585MA0099002'), name: '某\udc00公司' }, unitReference: 'TXT-\u0000-1' }),
    ]);
    expect(both).toMatchObject({ outcome: 'REJECTED' });
    expect(both.problems).toEqual([
      { field: 'input[0].subject.name', reason: LONE('DC00') },
      { field: 'input[0].unitReference', reason: NUL },
    ]);
    const single = await post(
      ctx.system.gateway.url,
      `mutation($i: RecordReportInput!) { reportRecord(input: $i) { outcome problems { field reason } } }`,
      { i: item({ toleranceClaim: { cause: 'FORCE_MAJEURE', evidence: '停产通知\ud83d' } }) },
      AS.marketRegulation,
    );
    expect(single.body).toEqual({
      data: { reportRecord: { outcome: 'REJECTED', problems: [{ field: 'input.toleranceClaim.evidence', reason: LONE('D83D') }] } },
    });
  });

  it(
    'property: any text sent as facts is stored exactly as sent (trimmed) or rejected on input[i].facts, never altered',
    { timeout: 120_000 },
    async () => {
      // Code points of the whole range, half surrogates and U+0000 included, plus text that surely holds one.
      const anyText = fc.oneof(
        fc.string({ unit: 'binary', minLength: 1 }),
        fc
          .tuple(
            fc.string({ unit: 'grapheme' }),
            fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'),
            fc.string({ unit: 'binary' }),
          )
          .map((parts) => parts.join('')),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 20 }), async (texts) => {
          const results = await report(texts.map((facts) => item({ facts })));
          results.forEach((result, i) => {
            const sent = texts[i]!;
            if (unholdable(sent) || !sent.trim()) {
              expect(result.outcome).toBe('REJECTED');
              expect(result.problems.map((p: { field: string }) => p.field)).toEqual([`input[${i}].facts`]);
            } else {
              expect(result.outcome).toBe('CREATED');
              expect(result.record.facts).toBe(sent.trim());
            }
          });
        }),
        { numRuns: 100 },
      );
    },
  );
});

describe('text that cannot be stored, in any other argument', () => {
  // Each field as its caller may ask it, with U+0000 in one argument: BAD_USER_INPUT naming the
  // argument, never INTERNAL_SERVER_ERROR from the database.
  const cases: [string, string, Record<string, unknown>, string, string?][] = [
    [
      'subjects nameContains',
      `query($v: String) { subjects(filter: { nameContains: $v }) { edges { node { id } } } }`,
      { v: '太仓\u0000' },
      'filter.nameContains',
    ],
    [
      'subjects creditCode',
      `query($v: String) { subjects(filter: { creditCode: $v }) { edges { node { id } } } }`,
      { v: '9132\u0000' },
      'filter.creditCode',
    ],
    [
      'subjects district',
      `query($v: String) { subjects(filter: { district: $v }) { edges { node { id } } } }`,
      { v: '城厢镇\u0000' },
      'filter.district',
    ],
    [
      'subjects industry',
      `query($v: String) { subjects(filter: { industry: $v }) { edges { node { id } } } }`,
      { v: '零售\u0000' },
      'filter.industry',
    ],
    ['subjectByCode', `query($v: String!) { subjectByCode(code: $v) { id } }`, { v: '91320585692138384\u0000' }, 'code'],
    ['subjectByIdNumber', `query($v: String!) { subjectByIdNumber(idNumber: $v) { id } }`, { v: '32058519800101001\u0000' }, 'idNumber'],
    ['subject', `query($v: ID!) { subject(id: $v) { id } }`, { v: 'P-\u0000' }, 'id'],
    [
      'creditRecords filter',
      `query($v: ID) { creditRecords(filter: { subjectId: $v }) { edges { node { id } } } }`,
      { v: '9132\u0000' },
      'filter.subjectId',
    ],
    ['creditRecords after', `query($v: String) { creditRecords(after: $v) { edges { node { id } } } }`, { v: 'abc\u0000' }, 'after'],
    ['creditRecord', `query($v: ID!) { creditRecord(id: $v) { id } }`, { v: '\u0000' }, 'id'],
    [
      'publicDisclosures',
      `query($v: ID) { publicDisclosures(filter: { reportingUnitId: $v }) { edges { node { id } } } }`,
      { v: 'market\u0000' },
      'filter.reportingUnitId',
    ],
    [
      'recordStatistics',
      `query($v: ID) { recordStatistics(by: CATEGORY, filter: { subjectId: $v }) { key } }`,
      { v: '9132\u0000' },
      'filter.subjectId',
    ],
    [
      'applicationProgress number',
      `query($v: String!) { applicationProgress(number: $v, code: "AAAAAAAA") { state } }`,
      { v: 'XF\u0000' },
      'number',
    ],
    [
      'applicationProgress code',
      `query($v: String!) { applicationProgress(number: "XF202601010001", code: $v) { state } }`,
      { v: 'AAAA\u0000' },
      'code',
    ],
    ['forceMajeureCertificate', `query($v: String!) { forceMajeureCertificate(number: $v) { number } }`, { v: 'TCBK\u0000' }, 'number'],
    ['verifyCreditReport', `query($v: String) { verifyCreditReport(number: "R-1", sha256: $v) { found } }`, { v: 'ab\u0000' }, 'sha256'],
    ['repairApplication', `query($v: ID!) { repairApplication(id: $v) { id } }`, { v: '\u0000' }, 'id'],
    ['objection', `query($v: ID!) { objection(id: $v) { id } }`, { v: '\u0000' }, 'id'],
    ['measuresFor', `query($v: ID!) { measuresFor(subject: $v) { measure { code } } }`, { v: '\u0000' }, 'subject'],
    ['loanProfile', `query($v: ID!) { loanProfile(subject: $v) { subject { id } } }`, { v: '\u0000' }, 'subject'],
    ['listMembers', `query($v: String) { listMembers(list: RED, after: $v) { edges { cursor } } }`, { v: '\u0000' }, 'after'],
    ['memberUnit', `query($v: ID!) { memberUnit(id: $v) { id } }`, { v: 'health\u0000' }, 'id'],
    [
      'auditTrail',
      `query($v: ID) { auditTrail(filter: { subjectId: $v }) { filter records { at } } }`,
      { v: '\u0000' },
      'filter.subjectId',
    ],
    [
      'endListMembership',
      `mutation($v: String!) { endListMembership(id: "00000000-0000-4000-8000-000000000000", reason: $v) { id } }`,
      { v: '核实\u0000' },
      'reason',
    ],
    [
      'extendRectification',
      `mutation($v: String!) { extendRectification(recordId: "00000000-0000-4000-8000-000000000000", days: 5, reason: $v) { id } }`,
      { v: '\ud800' },
      'reason',
      LONE('D800'),
    ],
    ['subjectByCode, a lone surrogate', `query($v: String!) { subjectByCode(code: $v) { id } }`, { v: '\udfff' }, 'code', LONE('DFFF')],
  ];

  it.each(cases)('%s: BAD_USER_INPUT naming the argument', async (_name, query, variables, field, reason = NUL) => {
    const { body } = await post(ctx.system.gateway.url, query, variables, AS.creditOffice);
    expect(JSON.stringify(body.errors ?? [])).not.toContain('INTERNAL_SERVER_ERROR');
    expect(body.errors?.[0]).toMatchObject({
      message: `${field}: ${reason}`,
      extensions: { code: 'BAD_USER_INPUT', field, reason: reason === NUL ? 'TEXT_NUL' : 'TEXT_LONE_SURROGATE' },
    });
  });

  it('the same for an anonymous caller and for a literal in the query, not only variables', async () => {
    const { body } = await post(
      ctx.system.gateway.url,
      `{ subjects(filter: { nameContains: "太仓\\u0000" }) { edges { node { id } } } }`,
      {},
      AS.public,
    );
    expect(body.errors?.[0]).toMatchObject({
      message: `filter.nameContains: ${NUL}`,
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.nameContains', reason: 'TEXT_NUL' },
    });
  });
});

describe('bulk import of text that cannot be stored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-text-'));
  const flat = (n: number, overrides: Record<string, string> = {}) => ({
    creditCode: makeCreditCode(`91320585MA00992${String(n).padStart(2, '0')}`),
    name: `太仓市导入文本测试${n}号公司`,
    category: 'PRICE_NOT_MARKED',
    decisionDate: '2026-09-15',
    facts: `第${n}号：销售口罩未明码标价。`,
    legalBasis: '《中华人民共和国价格法》第十三条',
    penaltyTypes: 'WARNING',
    penaltyContent: '责令改正，给予警告。',
    unitReference: `IMPORT-TEXT-${n}`,
    ...overrides,
  });

  it('reports JSON lines holding a lone surrogate or U+0000 as rejected on their field; the others are stored', async () => {
    const file = join(dir, 'reports.jsonl');
    // JSON.stringify writes a lone surrogate as the escape \ud800, as another program would.
    writeFileSync(
      file,
      [flat(1, { facts: '提价\ud800销售' }), flat(2, { legalBasis: '价格法\u0000' }), flat(3)].map((row) => JSON.stringify(row)).join('\n'),
    );
    const summary = await importFile({ file, gatewayUrl: ctx.system.gateway.url, headers: AS.marketRegulation });
    expect(summary).toMatchObject({ lines: 3, created: 1 });
    expect(summary.rejected).toEqual([
      { line: 1, unitReference: 'IMPORT-TEXT-1', field: 'facts', reason: LONE('D800') },
      { line: 2, unitReference: 'IMPORT-TEXT-2', field: 'legalBasis', reason: NUL },
    ]);
    expect(await storedCount(['IMPORT-TEXT-1', 'IMPORT-TEXT-2'])).toBe(0);
  });

  it('reports CSV lines with a NUL byte, and lines that are not UTF-8 (a GBK export), instead of storing U+FFFD', async () => {
    const file = join(dir, 'reports.csv');
    const columns = [
      'creditCode',
      'name',
      'category',
      'decisionDate',
      'facts',
      'legalBasis',
      'penaltyTypes',
      'penaltyContent',
      'unitReference',
    ] as const;
    const line = (row: Record<string, string>) => Buffer.from(columns.map((column) => `"${row[column] ?? ''}"`).join(',') + '\n');
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK: not UTF-8
    const [before, after] = line(flat(5, { facts: 'GBK_HERE' }))
      .toString('utf8')
      .split('GBK_HERE') as [string, string];
    const broken = Buffer.concat([Buffer.from(before), gbk, Buffer.from(after)]);
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(columns.join(',') + '\n'), line(flat(4, { facts: '提价\u0000销售' })), broken, line(flat(6))]),
    );
    const summary = await importFile({ file, gatewayUrl: ctx.system.gateway.url, headers: AS.marketRegulation });
    expect(summary).toMatchObject({ lines: 3, created: 1 });
    expect(summary.rejected).toEqual([
      { line: 2, unitReference: 'IMPORT-TEXT-4', field: 'facts', reason: NUL },
      { line: 3, unitReference: null, field: 'line', reason: expect.stringContaining('不是 UTF-8 文本') },
    ]);
    expect(await storedCount(['IMPORT-TEXT-4', 'IMPORT-TEXT-5'])).toBe(0);
  });
});
