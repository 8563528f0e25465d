import { rowsOf } from '../subgraphs/kit/rows.js';
import { blankPgliteImage } from './support/platform-image.js';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY, DEMO_PERSON_ID_NUMBER, seedDemo, type SeedSummary } from '../platform/seed/index.js';
import { inProcessDoors } from '../platform/seed/doors.js';
import { loadSecrets } from '../subgraphs/kit/config.js';
import { openPglite, type Connection } from '../subgraphs/kit/db.js';
import { checkCreditCode, checkIdNumber } from '../subgraphs/kit/identifiers.js';
import { addDays } from '../subgraphs/kit/time.js';
import { createIncentivesSubgraph } from '../subgraphs/incentives/server.js';
import type { IncentivesDeps as IncentivesData } from '../subgraphs/incentives/context.js';
import { drainConsumers, startConsumers } from '../subgraphs/kit/runner.js';
import type { SubgraphName } from '../subgraphs/registry.js';
import { CATEGORIES, categoryEntry } from '../subgraphs/records/catalogue.js';
import { licenceStatus } from '../subgraphs/records/licence.js';
import { preparePenalty, type PenaltyInput } from '../subgraphs/records/penalty.js';
import { createRecordsSubgraph } from '../subgraphs/records/server.js';
import { MEMBER_UNITS } from '../subgraphs/subjects/member-units.js';
import { createRepairsSubgraph } from '../subgraphs/repairs/server.js';
import { createSubjectsSubgraph } from '../subgraphs/subjects/server.js';

const TODAY = '2026-06-15';
type Row = Record<string, unknown>;

interface Seeded {
  conn: Connection;
  summary: SeedSummary;
  ms: number;
  personIdFor(idNumber: string): string;
  rows(subgraph: string, query: SQL): Promise<Row[]>;
  incentives: IncentivesData;
}

async function seed(today: string): Promise<Seeded> {
  const conn = await openPglite(undefined, await blankPgliteImage());
  const secrets = loadSecrets({});
  const subjects = createSubjectsSubgraph({ db: conn.forSubgraph('subjects'), secrets });
  const records = createRecordsSubgraph({ db: conn.forSubgraph('records'), secrets });
  const repairs = createRepairsSubgraph({ db: conn.forSubgraph('repairs'), secrets });
  const incentives = createIncentivesSubgraph({ db: conn.forSubgraph('incentives'), secrets });
  for (const subgraph of [subjects, records, repairs, incentives]) {
    await conn.migrate(subgraph.name, subgraph.migrations);
    await subgraph.prepare();
  }
  // Every subgraph follows the others' logs, read here in process.
  const all = { subjects, records, repairs, incentives };
  const consuming = startConsumers(
    Object.values(all).map((subgraph) => ({ subgraph, db: conn.forSubgraph(subgraph.name) })),
    { feedOf: (producer) => ({ source: all[producer as keyof typeof all].feed! }), internalSecret: secrets.internalSecret, manual: true },
  ).map(({ consumer, instance }) => ({ consumer: consumer as SubgraphName, drain: () => drainConsumers([instance]) }));
  const started = performance.now();
  const summary = await seedDemo(inProcessDoors(all, consuming), {
    today,
    personIdFor: (idNumber) => subjects.data.personIdFor(idNumber),
  });
  const ms = performance.now() - started;
  return {
    conn,
    summary,
    ms,
    personIdFor: (idNumber) => subjects.data.personIdFor(idNumber),
    incentives: incentives.data,
    rows: async (subgraph, query) => rowsOf<Row>(await conn.forSubgraph(subgraph).execute(query)),
  };
}

/** The date in Taicang of a timestamptz as PGlite returns it. */
const chinaDate = (at: unknown): string => new Date(new Date(at as string).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const count = async (s: Seeded, subgraph: string, query: SQL): Promise<number> => Number((await s.rows(subgraph, query))[0]!.n);
const tally = (rows: Row[], key: string): Record<string, number> => Object.fromEntries(rows.map((r) => [String(r[key]), Number(r.n)]));

describe('demo data set', () => {
  let first: Seeded;
  let second: Seeded;

  beforeAll(async () => {
    first = await seed(TODAY);
    second = await seed(TODAY);
  });
  afterAll(async () => {
    await first?.conn.close();
    await second?.conn.close();
  });

  it('writes what the summary says', async () => {
    const { summary } = first;
    expect(summary.organisations).toBe(300);
    // A person's credit file opens with the first record about them: residents without one have none.
    expect(summary.persons).toBeGreaterThanOrEqual(60);
    expect(summary.persons).toBeLessThanOrEqual(80);
    expect(summary.records).toBeGreaterThanOrEqual(850);
    // About 925 records, and 32 of the categories added for issue 14 (food and drugs, masks, gatherings).
    expect(summary.records).toBeLessThanOrEqual(1000);
    const kinds = tally(await first.rows('subjects', sql`select kind, count(*) as n from subjects.subjects group by kind`), 'kind');
    expect(kinds.NATURAL_PERSON).toBe(summary.persons);
    expect((kinds.LEGAL_PERSON ?? 0) + (kinds.INDIVIDUAL_BUSINESS ?? 0) + (kinds.OTHER_ORGANISATION ?? 0)).toBe(summary.organisations);
    expect(kinds.LEGAL_PERSON).toBe(240);
    expect(await count(first, 'records', sql`select count(*) as n from records.credit_records`)).toBe(summary.records);
    expect(await count(first, 'repairs', sql`select count(*) as n from repairs.repair_applications`)).toBe(summary.repairApplications);
    expect(await count(first, 'repairs', sql`select count(*) as n from repairs.objections`)).toBe(summary.objections);
    expect(await count(first, 'incentives', sql`select count(*) as n from incentives.record_facts`)).toBe(summary.records);
    expect(await count(first, 'incentives', sql`select count(*) as n from incentives.subject_facts`)).toBe(
      summary.organisations + summary.persons,
    );
    expect(await count(first, 'incentives', sql`select count(*) as n from incentives.list_memberships`)).toBeGreaterThan(20);
    // One open membership per subject and list, however many records cause it.
    expect(
      await first.rows(
        'incentives',
        sql`select subject_id, list from incentives.list_memberships where ended_at is null group by 1, 2 having count(*) > 1`,
      ),
    ).toEqual([]);
    expect(await count(first, 'incentives', sql`select count(*) as n from incentives.points_entries`)).toBeGreaterThan(20);
    expect(await count(first, 'subjects', sql`select count(*) as n from subjects.member_units`)).toBe(17);
  });

  it('is deterministic: the same today gives the same data', async () => {
    const queries: [string, SQL][] = [
      [
        'subjects',
        sql`select id, name, credit_code, district, tags, registered_capital_amount::text, organisation_type, approved_on::text from subjects.subjects order by id`,
      ],
      // Ids, case numbers and query codes are the services' own (random): the content is what repeats.
      [
        'records',
        sql`select subject_id, category, reporting_unit_id, unit_reference, decision_date::text, status, facts, version from records.credit_records order by reporting_unit_id, unit_reference`,
      ],
      [
        'repairs',
        sql`select subject_id, state, green_channel, submitted_at, decided_at, accept_by::text, decide_by::text from repairs.repair_applications order by submitted_at`,
      ],
      ['repairs', sql`select subject_id, state, submitted_at, verify_by::text, extended from repairs.objections order by submitted_at`],
      [
        'incentives',
        sql`select subject_id, list, since::text, until::text, ended_at is null as open from incentives.list_memberships order by subject_id, list, since, until`,
      ],
      ['incentives', sql`select subject_id, delta, entry_kind from incentives.points_entries order by subject_id, entry_kind, delta`],
    ];
    for (const [subgraph, query] of queries) expect(await second.rows(subgraph, query)).toEqual(await first.rows(subgraph, query));
    const { repairNumber: _n1, repairQueryCode: _c1, ...firstDemo } = first.summary.demo;
    const { repairNumber: _n2, repairQueryCode: _c2, ...secondDemo } = second.summary.demo;
    expect({ ...second.summary, demo: secondDemo }).toEqual({ ...first.summary, demo: firstDemo });
  });

  it('holds no state the public workflows cannot produce: every tolerance status has its decision, every repair its approval', async () => {
    const tolerated = await first.rows(
      'records',
      sql`select id, status, tolerance_decision->>'outcome' as outcome, tolerance_decision->>'policyId' as policy from records.credit_records where status in ('EXEMPTED', 'DEFERRED')`,
    );
    expect(tolerated.length).toBeGreaterThanOrEqual(15);
    for (const row of tolerated)
      expect([row.status, row.outcome]).toEqual([row.status, row.status === 'EXEMPTED' ? 'EXEMPT' : 'DEFER_REPORTING']);
    for (const row of tolerated) expect(row.policy).toMatch(/^N[89]-/);
    const repaired = (await first.rows('records', sql`select id from records.credit_records where status = 'REPAIRED'`)).map((row) =>
      String(row.id),
    );
    expect(repaired.length).toBeGreaterThanOrEqual(20);
    const approvals = new Set(
      (await first.rows('repairs', sql`select payload->>'recordId' as record from repairs.outbox where type = 'repair.approved'`)).map(
        (row) => String(row.record),
      ),
    );
    const approved = new Set(
      (await first.rows('repairs', sql`select record_id from repairs.repair_applications where state = 'APPROVED'`)).map((row) =>
        String(row.record_id),
      ),
    );
    for (const id of repaired) {
      expect(approvals.has(id), `record ${id} is REPAIRED without a repair.approved event`).toBe(true);
      expect(approved.has(id), `record ${id} is REPAIRED without an approved application`).toBe(true);
    }
    // Every case's history starts with its submission and every state it reached is one the workflow moved it to.
    const histories = await first.rows(
      'repairs',
      sql`select case_id, array_agg(state order by at, id) as states from repairs.state_changes group by case_id`,
    );
    for (const row of histories) expect((row.states as string[])[0]).toBe('SUBMITTED');
  });

  it('gives every organisation a valid credit code except exactly two flagged historic ones', async () => {
    const orgs = await first.rows(
      'subjects',
      sql`select credit_code, credit_code_checksum_valid from subjects.subjects where kind <> 'NATURAL_PERSON'`,
    );
    const failing = orgs.filter((o) => !checkCreditCode(String(o.credit_code)).ok);
    expect(failing).toHaveLength(2);
    for (const o of failing) {
      expect(o.credit_code_checksum_valid).toBe(false);
      expect(checkCreditCode(String(o.credit_code))).toMatchObject({ ok: false, checksumOnly: true });
    }
    expect(orgs.filter((o) => o.credit_code_checksum_valid === false)).toHaveLength(2);
    expect(orgs.every((o) => /^(91|92|93|52)320585/.test(String(o.credit_code)))).toBe(true);
  });

  it('gives every organisation its registration data (登记信息), and no person any', async () => {
    const rows = await first.rows(
      'subjects',
      sql`select kind, credit_code, registered_on::text as r, approved_on::text as a, registered_capital_amount::text as amount,
      registered_capital_currency as currency, organisation_type as type, business_scope as scope, registration_authority as authority from subjects.subjects`,
    );
    for (const row of rows.filter((r) => r.kind !== 'NATURAL_PERSON')) {
      expect(Number(row.amount), String(row.credit_code)).toBeGreaterThan(0);
      expect(['CNY', 'USD', 'HKD', 'EUR']).toContain(row.currency);
      expect(String(row.a) >= String(row.r) && String(row.a) <= TODAY).toBe(true);
      expect(String(row.scope).length).toBeGreaterThan(5);
      const head = String(row.credit_code).slice(0, 2);
      expect(row.authority).toBe(head === '52' ? '太仓市民政局' : '太仓市市场监督管理局');
      if (head === '92') expect(row.type).toBe('个体工商户');
      if (head === '93') expect(row.type).toBe('农民专业合作社');
      if (head === '91') expect(row.type).toMatch(/^有限责任公司（/);
    }
    const currencies = new Set(rows.map((r) => r.currency));
    expect(currencies.has('USD') && currencies.has('CNY')).toBe(true);
    for (const row of rows.filter((r) => r.kind === 'NATURAL_PERSON'))
      expect([row.amount, row.type, row.scope, row.authority, row.a]).toEqual([null, null, null, null, null]);
  });

  it('keeps the demo company and person that the README and npm start name', () => {
    expect(first.summary.demo).toMatchObject({
      companyCode: DEMO_COMPANY.code,
      companyName: DEMO_COMPANY.name,
      personIdNumber: DEMO_PERSON_ID_NUMBER,
    });
  });

  it('gives the demo person a valid ID number whose pseudonym is the subject id', () => {
    const { demo } = first.summary;
    expect(checkIdNumber(demo.personIdNumber).ok).toBe(true);
    expect(first.personIdFor(demo.personIdNumber)).toBe(demo.personSubjectId);
  });

  it('covers every category at least 8 times, for subjects and by units the catalogue allows', async () => {
    const byCategory = tally(
      await first.rows('records', sql`select category, count(*) as n from records.credit_records group by category`),
      'category',
    );
    for (const entry of CATEGORIES) expect(byCategory[entry.code] ?? 0, entry.code).toBeGreaterThanOrEqual(8);
    const records = await first.rows(
      'records',
      sql`select category, subject_is_person, reporting_unit_id, decision_date::text as d, status from records.credit_records`,
    );
    for (const r of records) {
      const entry = categoryEntry(String(r.category))!;
      expect(r.subject_is_person ? entry.appliesToNaturalPersons : entry.appliesToOrganisations, String(r.category)).toBe(true);
      expect(entry.reportingUnits).toContain(r.reporting_unit_id);
      expect(String(r.d) >= '2020-02-01' && String(r.d) <= addDays(TODAY, -7)).toBe(true);
      if (r.status === 'EXEMPTED' || r.status === 'DEFERRED') expect(entry.article, String(r.category)).toBe(9);
    }
    const statuses = tally(
      await first.rows('records', sql`select status, count(*) as n from records.credit_records group by status`),
      'status',
    );
    for (const status of ['ACTIVE', 'REPAIRED', 'DISPUTED', 'WITHDRAWN', 'EXEMPTED', 'DEFERRED'])
      expect(statuses[status], status).toBeGreaterThan(0);
    const publicNow = await count(
      first,
      'records',
      sql`select count(*) as n from records.credit_records
      where status = 'ACTIVE' and public_from <= ${TODAY}::date and public_until >= ${TODAY}::date and kind in ('ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT')`,
    );
    expect(publicNow).toBeGreaterThanOrEqual(50);
    expect(
      await count(first, 'records', sql`select count(*) as n from records.credit_records where decision_date >= '2026-04-01'`),
    ).toBeGreaterThanOrEqual(50);
  });

  it('gives every seeded penalty its 双公示 fields as intake would take them, and no other record any', async () => {
    const rows = await first.rows('records', sql`select kind, category, subject_is_person, penalty from records.credit_records`);
    const penalties = rows.filter((r) => r.kind === 'ADMINISTRATIVE_PENALTY');
    expect(penalties.length).toBeGreaterThan(150);
    for (const r of rows.filter((r) => r.kind !== 'ADMINISTRATIVE_PENALTY')) expect(r.penalty).toBeNull();
    for (const r of penalties) {
      const problems: string[] = [];
      const penalty = preparePenalty(
        r.penalty as PenaltyInput,
        { entry: categoryEntry(String(r.category)), isPerson: Boolean(r.subject_is_person) },
        (field, reason) => problems.push(`${field}: ${reason}`),
      );
      expect({ category: r.category, problems, penalty }).toEqual({ category: r.category, problems: [], penalty: r.penalty });
    }
    const types = new Set(penalties.flatMap((r) => (r.penalty as PenaltyInput).types));
    for (const type of ['WARNING', 'FINE', 'CONFISCATION', 'LICENCE_REVOCATION', 'PRODUCTION_SUSPENSION'])
      expect(types, type).toContain(type);
  });

  it('gives organisations the licences their line of business needs, from the member unit that grants them', async () => {
    const licences = await first.rows(
      'records',
      sql`select subject_id, subject_is_person, reporting_unit_id, certificate_name, decision_date::text as d, valid_from::text as f, valid_until::text as u, revoked from records.administrative_licences`,
    );
    expect(licences).toHaveLength(first.summary.licences);
    expect(new Set(licences.map((l) => l.subject_id)).size).toBeGreaterThan(150);
    const units = new Set(MEMBER_UNITS.filter((unit) => unit.kind === 'DEPARTMENT').map((unit) => unit.id));
    for (const l of licences) {
      expect(units.has(String(l.reporting_unit_id)), String(l.reporting_unit_id)).toBe(true);
      expect(l.subject_is_person).toBe(false);
      expect(String(l.d) <= TODAY && String(l.f) >= String(l.d)).toBe(true);
      if (l.u !== null) expect(String(l.u) > String(l.f)).toBe(true);
    }
    const statuses = new Set(
      licences.map((l) => licenceStatus({ revoked: Boolean(l.revoked), validUntil: (l.u as string | null) ?? null }, TODAY)),
    );
    expect([...statuses].sort()).toEqual(['EXPIRED', 'REVOKED', 'VALID']);
    const demo = licences.filter((l) => l.subject_id === DEMO_COMPANY.code);
    expect(
      demo.some(
        (l) =>
          l.certificate_name === '医疗器械经营许可证' &&
          licenceStatus({ revoked: Boolean(l.revoked), validUntil: (l.u as string | null) ?? null }, TODAY) === 'VALID',
      ),
    ).toBe(true);
  });

  it('has every repair and objection state, consistent with the records', async () => {
    const repairStates = tally(
      await first.rows('repairs', sql`select state, count(*) as n from repairs.repair_applications group by state`),
      'state',
    );
    for (const state of ['SUBMITTED', 'ACCEPTED', 'NOT_ACCEPTED', 'APPROVED', 'DENIED', 'WITHDRAWN'])
      expect(repairStates[state] ?? 0, state).toBeGreaterThanOrEqual(5);
    const objectionStates = tally(
      await first.rows('repairs', sql`select state, count(*) as n from repairs.objections group by state`),
      'state',
    );
    for (const state of ['SUBMITTED', 'CORRECTED', 'WITHDRAWN', 'UPHELD'])
      expect(objectionStates[state] ?? 0, state).toBeGreaterThanOrEqual(5);

    const records = new Map(
      (await first.rows('records', sql`select id, subject_id, status, minimum_until::text as m from records.credit_records`)).map((r) => [
        r.id,
        r,
      ]),
    );
    const applications = await first.rows(
      'repairs',
      sql`select record_id, subject_id, state, submitted_at, decided_at from repairs.repair_applications`,
    );
    for (const a of applications) {
      const record = records.get(a.record_id)!;
      expect(record.subject_id).toBe(a.subject_id);
      expect(a.state === 'APPROVED').toBe(record.status === 'REPAIRED');
      if (record.m) expect(chinaDate(a.submitted_at) >= String(record.m)).toBe(true);
      if (a.decided_at) expect(new Date(a.decided_at as string) > new Date(a.submitted_at as string)).toBe(true);
    }
    const repaired = [...records.values()].filter((r) => r.status === 'REPAIRED');
    expect(applications.filter((a) => a.state === 'APPROVED')).toHaveLength(repaired.length);
    const objections = await first.rows('repairs', sql`select record_id, state from repairs.objections`);
    for (const status of ['DISPUTED', 'WITHDRAWN']) {
      const ids = [...records.values()]
        .filter((r) => r.status === status)
        .map((r) => r.id)
        .sort();
      expect(
        objections
          .filter((o) => o.state === (status === 'DISPUTED' ? 'SUBMITTED' : 'WITHDRAWN'))
          .map((o) => o.record_id)
          .sort(),
      ).toEqual(ids);
    }
  });

  it('puts the demo company on the joint-punishment list with supervision level D', async () => {
    const { companyCode, companyName } = first.summary.demo;
    expect(companyName).toBe('太仓市娄城医疗器械有限公司');
    const memberships = await first.rows(
      'incentives',
      sql`select list from incentives.list_memberships
      where subject_id = ${companyCode} and ended_at is null and (until is null or until >= ${TODAY}::date)`,
    );
    expect(memberships.map((m) => m.list)).toContain('JOINT_PUNISHMENT');
    const [supervision] = await first.incentives.supervisionOf([companyCode], TODAY);
    expect(supervision?.level).toBe('D');
    const records = await first.rows(
      'records',
      sql`select category, severity, status, public_from::text as f, public_until::text as u
      from records.credit_records where subject_id = ${companyCode}`,
    );
    expect(
      records.some(
        (r) =>
          r.category === 'PRICE_GOUGING' &&
          r.severity === 'SERIOUS' &&
          r.status === 'ACTIVE' &&
          String(r.f) <= TODAY &&
          String(r.u) >= TODAY,
      ),
    ).toBe(true);
    expect(records.some((r) => r.category === 'PRODUCTION_CONVERSION')).toBe(true);
    expect(
      await count(first, 'repairs', sql`select count(*) as n from repairs.repair_applications where subject_id = ${companyCode}`),
    ).toBeGreaterThanOrEqual(1);
    const [company] = await first.rows('subjects', sql`select tags from subjects.subjects where id = ${companyCode}`);
    expect(company?.tags).toEqual(expect.arrayContaining(['EPIDEMIC_SUPPLY_PRODUCER', 'SME', 'EXPORTER']));
  });
});
