import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeCreditCode } from '../subgraphs/kit/identifiers.js';
import { WARNING_PENALTY } from './support/penalty.js';
import { AS, post, queryRows, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const pollAll = ctx.settle;
const count = async (db: 'records' | 'repairs', table: string) =>
  Number((await queryRows<{ n: number }>(ctx.system.db[db].execute(sql.raw(`select count(*)::int as n from ${table}`))))[0]!.n);

describe("repairs' projection of records", () => {
  it('holds every record once the events are applied, and follows corrections', async () => {
    await pollAll();
    expect(await count('repairs', 'repairs.record_projection')).toBe(await count('records', 'records.credit_records'));

    const input = {
      subject: { creditCode: makeCreditCode('91320585RP0000001'), name: '投影测试有限公司' },
      category: 'PRICE_NOT_MARKED',
      decisionDate: '2026-09-01',
      facts: '未明码标价',
      penalty: WARNING_PENALTY,
      unitReference: 'PROJ-1',
    };
    const report = (item: object) =>
      post(
        ctx.system.gateway.url,
        `mutation($i: [RecordReportInput!]!) { reportRecords(input: $i) { outcome record { id } } }`,
        { i: [item] },
        AS.marketRegulation,
      );
    const created = (await report(input)).body.data.reportRecords[0].record.id;
    await report({ ...input, severity: 'SERIOUS', facts: '未明码标价，情节严重' });
    await pollAll();
    const [row] = await queryRows<{ version: number; severity: string; minimum_until: string }>(
      ctx.system.db.repairs.execute(
        sql`select version, severity, minimum_until::text from repairs.record_projection where record_id = ${created}`,
      ),
    );
    expect(row).toMatchObject({ version: 2, severity: 'SERIOUS', minimum_until: '2027-09-01' });
  });
});
