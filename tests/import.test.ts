import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../scripts/import/parse.js';
import { importFile } from '../scripts/import/run.js';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { AS, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem({ seed: false });
const LINES = 10_000;

function csvFile(): string {
  const rows = Array.from({ length: LINES }, (_, i) => {
    const code = makeCreditCode(`91320585MA${String(i).padStart(7, '0')}`);
    const row: Record<string, string> = {
      creditCode: code,
      name: `太仓市批量导入${i}号商贸有限公司`,
      category: i % 2 ? 'PRICE_NOT_MARKED' : 'HOARDING',
      decisionDate: '2026-09-15',
      facts: `第${i}号：销售口罩未明码标价，涉及"医用外科口罩"，金额1,200元。`,
      legalBasis: '《中华人民共和国价格法》第十三条',
      penaltyTypes: i % 2 ? 'WARNING' : 'FINE',
      penaltyContent: i % 2 ? '责令改正，给予警告。' : '责令改正，处罚款5万元。',
      fineAmount: i % 2 ? '' : '5',
      unitReference: `太市监价罚〔2026〕B${i}号`,
    };
    if (i === 17) row.category = 'NOT_A_CATEGORY';
    if (i === 18) row.decisionDate = '2026-02-30';
    if (i === 19) row.creditCode = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    if (i === 20) Object.assign(row, { category: 'LATE_TAX', penaltyTypes: '', penaltyContent: '', fineAmount: '' });
    return CSV_COLUMNS.map((column) => `"${(row[column] ?? '').replaceAll('"', '""')}"`).join(',');
  });
  const file = join(mkdtempSync(join(tmpdir(), 'import-')), 'reports.csv');
  writeFileSync(file, `${CSV_COLUMNS.join(',')}\n${rows.join('\n')}\n`);
  return file;
}

describe('bulk import through the gateway', () => {
  it(
    'stores a 10,000-line file once however often it is pushed, and reports each rejected line with its reason',
    { timeout: 600_000 },
    async () => {
      const file = csvFile();
      const options = { file, gatewayUrl: ctx.system.gateway.url, headers: AS.marketRegulation, batchSize: 1000 };
      const first = await importFile(options);
      expect(first).toMatchObject({ lines: LINES, created: LINES - 4, duplicate: 0, corrected: 0 });
      expect(first.rejected).toEqual([
        // Category and dates are text in RecordReportInput: intake rejects such a line on its own, with its document number.
        {
          line: 19,
          unitReference: '太市监价罚〔2026〕B17号',
          field: 'category',
          reason: expect.stringContaining('“NOT_A_CATEGORY”不是记录类别代码'),
        },
        {
          line: 20,
          unitReference: '太市监价罚〔2026〕B18号',
          field: 'decisionDate',
          reason: '应为有效日历日期（YYYY-MM-DD），收到 2026-02-30',
        },
        {
          line: 21,
          unitReference: '太市监价罚〔2026〕B19号',
          field: 'subject.creditCode',
          reason: expect.stringContaining('校验码应为'),
        },
        {
          line: 22,
          unitReference: '太市监价罚〔2026〕B20号',
          field: 'category',
          reason: 'LATE_TAX（未及时纳税）不在单位 market-regulation 可报送的类别之内',
        },
      ]);
      const second = await importFile(options);
      expect(second).toMatchObject({ lines: LINES, created: 0, duplicate: LINES - 4, corrected: 0 });
      const [count] = await queryRows<{ n: number }>(
        ctx.system.db.records.execute(
          sql`select count(*)::int as n from records.credit_records where unit_reference like '太市监价罚〔2026〕B%'`,
        ),
      );
      expect(Number(count!.n)).toBe(LINES - 4);
    },
  );
});
