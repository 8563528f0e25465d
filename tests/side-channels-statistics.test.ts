import { beforeAll, describe, expect, it } from 'vitest';
import { hiddenKeys, statisticsBuckets, statisticsDateRange } from '../subgraphs/kit/statistics.js';
import { AS, post, useSeededSystem } from './support/system.js';

/**
 * Issue 11, "4. Side channels around masking and suppression": each test performs one attack through the
 * gateway as the caller who tried it, and fails if the attack works again.
 */
const ctx = useSeededSystem();
const TAX = { 'x-api-key': 'demo-tax' };
const UNKNOWN_PERSON = `P-${'0'.repeat(32)}`;

type Bucket = { key: string; count: number | null; suppressed: boolean };
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) =>
  (await post(ctx.system.gateway.url, query, variables, headers)).body;

async function recordStats(by: string, filter: Record<string, unknown> | null, headers: Record<string, string>): Promise<Bucket[]> {
  const body = await gql(
    `query($by: RecordDimension!, $f: RecordFilter) { recordStatistics(by: $by, filter: $f) { key count suppressed } }`,
    { by, f: filter },
    headers,
  );
  expect(body.errors).toBeUndefined();
  return body.data.recordStatistics;
}

async function subjectStats(by: string, headers: Record<string, string>): Promise<Bucket[]> {
  const body = await gql(`query($by: SubjectDimension!) { subjectStatistics(by: $by) { key count suppressed } }`, { by }, headers);
  expect(body.errors).toBeUndefined();
  return body.data.subjectStatistics;
}

const lastDayOfMonth = (date: string) =>
  new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).toISOString().slice(0, 10);
const sum = (buckets: Bucket[]) => buckets.reduce((total, bucket) => total + (bucket.count ?? 0), 0);

let personName: string;
let personRecordDates: string[];

beforeAll(async () => {
  // The records subgraph learns towns from the subjects subgraph's events.
  for (let round = 0; round < 3; round++) await Promise.all(ctx.system.consumers.map((consumer) => consumer.pollOnce()));
  const body = await gql(
    `query($id: ID!) { subject(id: $id) { name creditRecords { decisionDate } } }`,
    { id: ctx.demo.personSubjectId },
    AS.creditOffice,
  );
  personName = body.data.subject.name;
  personRecordDates = body.data.subject.creditRecords.map((record: { decisionDate: string }) => record.decisionDate);
  expect(personName.length).toBeGreaterThan(1);
  expect(personRecordDates.length).toBeGreaterThan(0);
});

describe('name search on persons', () => {
  const search = `query($name: String!) { subjects(first: 100, filter: { nameContains: $name, kinds: [NATURAL_PERSON] }) { totalCount edges { node { id name } } } }`;

  it('gives a unit that sees persons masked no person for any prefix of a name: the letter-by-letter attack finds nothing', async () => {
    for (let length = 1; length <= personName.length; length++) {
      const body = await gql(search, { name: personName.slice(0, length) }, AS.marketRegulation);
      expect(body.errors).toBeUndefined();
      expect(body.data.subjects).toEqual({ totalCount: 0, edges: [] });
    }
    // Without a kind the search still never returns a person to a masked caller.
    const any = await gql(
      `query($name: String!) { subjects(first: 100, filter: { nameContains: $name }) { edges { node { kind } } } }`,
      { name: personName.slice(0, 1) },
      AS.marketRegulation,
    );
    expect(any.data.subjects.edges.every((edge: any) => edge.node.kind !== 'NATURAL_PERSON')).toBe(true);
  });

  it('still finds organisations by name, and the person by ID number, for that unit', async () => {
    const organisations = await gql(
      `query($name: String!) { subjects(first: 5, filter: { nameContains: $name }) { totalCount } }`,
      { name: '太仓' },
      AS.marketRegulation,
    );
    expect(organisations.data.subjects.totalCount).toBeGreaterThan(0);
    const byNumber = await gql(
      `query($n: String!) { subjectByIdNumber(idNumber: $n) { id name } }`,
      { n: ctx.demo.personIdNumber },
      AS.marketRegulation,
    );
    expect(byNumber.data.subjectByIdNumber.id).toBe(ctx.demo.personSubjectId);
    expect(byNumber.data.subjectByIdNumber.name).not.toBe(personName);
  });

  it.each([
    ['health (enforcement duty)', AS.health],
    ['the credit office', AS.creditOffice],
  ])('finds the person by name for %s, who sees names in full', async (_, headers) => {
    const body = await gql(search, { name: personName }, headers);
    expect(body.data.subjects.edges.map((edge: any) => edge.node)).toContainEqual({ id: ctx.demo.personSubjectId, name: personName });
  });
});

describe("statistics never break down one subject's records", () => {
  const query = `query($by: RecordDimension!, $id: ID!) { recordStatistics(by: $by, filter: { subjectId: $id }) { key count suppressed } }`;
  const answer = async (by: string, id: string, headers: Record<string, string>) => {
    const body = await gql(query, { by, id }, headers);
    return {
      data: body.data ?? null,
      errors: (body.errors ?? []).map((error: any) => ({ message: error.message, path: error.path, code: error.extensions?.code })),
    };
  };

  it.each([
    ['tax', TAX],
    ['the analyst', AS.analyst],
    ['market regulation', AS.marketRegulation],
  ])('refuses %s a breakdown of a person, and answers an unknown pseudonym the same way', async (_, headers) => {
    for (const by of ['CATEGORY', 'DECISION_MONTH', 'STATUS', 'REPORTING_UNIT']) {
      const person = await answer(by, ctx.demo.personSubjectId, headers);
      expect(person.data).toEqual({ recordStatistics: null });
      expect(person.errors).toEqual([expect.objectContaining({ path: ['recordStatistics'], code: 'FORBIDDEN' })]);
      expect(await answer(by, UNKNOWN_PERSON, headers)).toEqual(person);
    }
  });

  it('keeps the breakdown for the credit office', async () => {
    const office = await answer('CATEGORY', ctx.demo.personSubjectId, AS.creditOffice);
    expect(office.errors).toEqual([]);
    expect(office.data.recordStatistics.length).toBeGreaterThan(0);
    expect(office.data.recordStatistics.every((bucket: Bucket) => bucket.count! > 0 && !bucket.suppressed)).toBe(true);
  });
});

describe('small-cell suppression survives complements', () => {
  /** What an attacker computes: a grand total from any breakdown that shows every bucket. */
  const grandTotal = async (fetch: (by: string) => Promise<Bucket[]>, dimensions: string[]) => {
    for (const by of dimensions) {
      const buckets = await fetch(by);
      if (buckets.every((bucket) => !bucket.suppressed)) return sum(buckets);
    }
    return undefined;
  };

  /** The office's exact buckets the caller does not see with a count. */
  const hiddenCells = (exact: Bucket[], seen: Bucket[]) =>
    exact.filter((cell) => !seen.some((bucket) => bucket.key === cell.key && bucket.count !== null));

  const FILTERS: (Record<string, string[]> | null)[] = [
    null,
    ...['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT', 'HONEST_CONDUCT', 'HONOR', 'COMMITMENT'].map((kind) => ({ kinds: [kind] })),
    ...['MINOR', 'GENERAL', 'SERIOUS'].map((severity) => ({ severities: [severity] })),
    ...['ACTIVE', 'DEFERRED', 'EXEMPTED', 'DISPUTED', 'REPAIRED', 'WITHDRAWN', 'EXPIRED'].map((status) => ({ statuses: [status] })),
  ];

  it.each(FILTERS.map((filter) => [JSON.stringify(filter), filter]))(
    'never leaves a records breakdown by town, filter %s, in which total − visible towns is one hidden cell',
    async (_, filter) => {
      const exact = await recordStats('TOWN', filter, AS.creditOffice);
      const towns = await recordStats('TOWN', filter, AS.analyst);
      const hidden = hiddenCells(exact, towns);
      expect(hidden.length).not.toBe(1);
      const total = await grandTotal(
        (by) => recordStats(by, filter, AS.analyst),
        ['KIND', 'SUBJECT_TYPE', 'SEVERITY', 'STATUS', 'DECISION_YEAR'],
      );
      if (total !== undefined && hidden.length > 0) expect(hidden.map((cell) => cell.count)).not.toContain(total - sum(towns));
      // A suppressed bucket does not name its key: which small groups exist is not told either.
      expect(towns.filter((bucket) => bucket.suppressed).every((bucket) => !exact.some((cell) => cell.key === bucket.key))).toBe(true);
    },
  );

  it('never leaves a breakdown of credit files by district in which total − visible districts is one hidden cell', async () => {
    const exact = await subjectStats('DISTRICT', AS.creditOffice);
    const districts = await subjectStats('DISTRICT', AS.analyst);
    const hidden = hiddenCells(exact, districts);
    expect(hidden.length).not.toBe(1);
    const total = await grandTotal((by) => subjectStats(by, AS.analyst), ['KIND', 'STATUS']);
    if (total !== undefined && hidden.length > 0) expect(hidden.map((cell) => cell.count)).not.toContain(total - sum(districts));
  });

  it('answers a one-day filter as its whole month, in which total − visible towns is not one hidden cell either', async () => {
    for (const date of personRecordDates) {
      const month = { decidedFrom: `${date.slice(0, 7)}-01`, decidedTo: lastDayOfMonth(date) };
      const seen = await recordStats('TOWN', { decidedFrom: date, decidedTo: date }, AS.analyst);
      expect(seen).toEqual(await recordStats('TOWN', month, AS.analyst));
      expect(hiddenCells(await recordStats('TOWN', month, AS.creditOffice), seen).length).not.toBe(1);
    }
  });
});

describe('small-cell suppression survives differencing', () => {
  /** Two filters one day apart around the day of one of the person's records, within one month. */
  const oneDayApart = (date: string): [Record<string, string>, Record<string, string>] => {
    const next = new Date(`${date}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const after = next.toISOString().slice(0, 10);
    if (after.slice(0, 7) === date.slice(0, 7)) return [{ decidedFrom: date }, { decidedFrom: after }];
    const previous = new Date(`${date}T00:00:00Z`);
    previous.setUTCDate(previous.getUTCDate() - 1);
    return [{ decidedTo: previous.toISOString().slice(0, 10) }, { decidedTo: date }];
  };

  it.each(['SUBJECT_TYPE', 'KIND', 'TOWN', 'CATEGORY'])(
    'gives the analyst identical answers by %s for two date filters one day apart',
    async (by) => {
      for (const date of personRecordDates) {
        const [first, second] = oneDayApart(date);
        expect(await recordStats(by, second, AS.analyst)).toEqual(await recordStats(by, first, AS.analyst));
      }
    },
  );

  it('stays exact for the credit office: the day of a record makes a difference', async () => {
    const [first, second] = oneDayApart(personRecordDates[0]!);
    expect(await recordStats('SUBJECT_TYPE', second, AS.creditOffice)).not.toEqual(
      await recordStats('SUBJECT_TYPE', first, AS.creditOffice),
    );
  });
});

describe('the rule itself (subgraphs/kit/statistics.ts)', () => {
  const analyst = { role: 'ANALYST' } as const;
  const office = { role: 'CREDIT_OFFICE' } as const;
  const rows = [
    { key: 'A', total: 3, persons: 2 },
    { key: 'B', total: 40, persons: 0 },
    { key: 'C', total: 9, persons: 6 },
    { key: 'D', total: 20, persons: 12 },
  ];

  it('hides a small person group with the smallest visible bucket that holds persons, and names neither', () => {
    expect([...hiddenKeys(rows)].sort()).toEqual(['A', 'C']);
    expect(statisticsBuckets(rows, analyst)).toEqual([
      { key: 'B', count: 40, suppressed: false },
      { key: 'D', count: 20, suppressed: false },
      { key: '(suppressed)', count: null, suppressed: true },
    ]);
    expect(statisticsBuckets(rows, office).map((bucket) => bucket.count)).toEqual([3, 40, 9, 20]);
  });

  it('hides nothing when no group is small, and the smallest other bucket when none holds persons', () => {
    expect(hiddenKeys(rows.slice(1)).size).toBe(0);
    expect([...hiddenKeys([rows[0]!, rows[1]!, { key: 'E', total: 7, persons: 0 }])].sort()).toEqual(['A', 'E']);
  });

  it('widens date ranges to whole months for everyone but the credit office', () => {
    expect(statisticsDateRange({ from: '2024-02-10', to: '2024-02-11' }, analyst)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(statisticsDateRange({ from: '2023-12-31', to: null }, analyst)).toEqual({ from: '2023-12-01', to: null });
    expect(statisticsDateRange({ from: '2024-02-10', to: '2024-02-11' }, office)).toEqual({ from: '2024-02-10', to: '2024-02-11' });
  });
});
