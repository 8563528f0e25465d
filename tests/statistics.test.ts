import { describe, expect, it } from 'vitest';
import { AS, post, useSeededSystem } from './support/system.js';

const ctx = useSeededSystem();
const stats = async (by: string, headers: Record<string, string> = AS.analyst) => {
  const { body } = await post(
    ctx.system.gateway.url,
    `query($by: RecordDimension!) { recordStatistics(by: $by) { key count suppressed } }`,
    { by },
    headers,
  );
  expect(body.errors).toBeUndefined();
  return body.data.recordStatistics as { key: string; count: number | null; suppressed: boolean }[];
};

describe('analyst statistics: aggregates only', () => {
  it('counts records by town once the subjects events are applied', async () => {
    await Promise.all(ctx.system.consumers.map((consumer) => consumer.pollOnce()));
    const towns = await stats('TOWN', AS.creditOffice);
    expect(towns.map((bucket) => bucket.key)).toEqual(expect.arrayContaining(['城厢镇', '沙溪镇', '浏河镇', '太仓港经济技术开发区']));
    const total = (await stats('KIND', AS.creditOffice)).reduce((sum, bucket) => sum + bucket.count!, 0);
    expect(towns.reduce((sum, bucket) => sum + bucket.count!, 0)).toBe(total);
  });

  it('counts by month, severity and reporting unit, exact for the credit office', async () => {
    const months = await stats('DECISION_MONTH', AS.creditOffice);
    expect(months.every((bucket) => /^\d{4}-\d{2}$/.test(bucket.key))).toBe(true);
    expect((await stats('SEVERITY', AS.creditOffice)).map((bucket) => bucket.key)).toEqual(['(none)', 'GENERAL', 'MINOR', 'SERIOUS']);
    expect((await stats('REPORTING_UNIT', AS.creditOffice)).map((bucket) => bucket.key)).toContain('market-regulation');
  });

  it('suppresses groups in which fewer than five natural persons could be singled out, for everyone but the credit office', async () => {
    const query = `query($id: ID!) { recordStatistics(by: CATEGORY, filter: { subjectId: $id }) { key count suppressed } }`;
    const one = { id: ctx.demo.personSubjectId };
    const office = (await post(ctx.system.gateway.url, query, one, AS.creditOffice)).body.data.recordStatistics;
    expect(office.length).toBeGreaterThan(0);
    expect(office.every((bucket: any) => bucket.count > 0 && !bucket.suppressed)).toBe(true);
    // One subject's records are broken down for nobody else (tests/side-channels-statistics.test.ts).
    const analyst = (await post(ctx.system.gateway.url, query, one, AS.analyst)).body;
    expect(analyst.data.recordStatistics).toBeNull();
    expect(analyst.errors).toEqual([
      expect.objectContaining({ path: ['recordStatistics'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
    // Over all records, small person groups are folded into one suppressed bucket that names no key.
    const categories = await stats('CATEGORY');
    const exact = await stats('CATEGORY', AS.creditOffice);
    expect(categories.filter((bucket) => bucket.suppressed)).toEqual([{ key: '(suppressed)', count: null, suppressed: true }]);
    expect(
      categories
        .filter((bucket) => !bucket.suppressed)
        .every((bucket) => exact.some((cell) => cell.key === bucket.key && cell.count === bucket.count)),
    ).toBe(true);
    expect(categories.find((bucket) => bucket.key === 'PROFITEERING')).toEqual(exact.find((bucket) => bucket.key === 'PROFITEERING'));
  });

  it('returns no row about anyone to an analyst asking for records', async () => {
    const { body } = await post(
      ctx.system.gateway.url,
      `{ creditRecords(first: 100, filter: { categories: [SPREADING_RUMOURS, CONCEALING_ILLNESS] }) { edges { node { id } } } }`,
      {},
      AS.analyst,
    );
    expect(body.data.creditRecords.edges).toEqual([]);
  });
});
