import { addDays } from '../../subgraphs/kit/time.js';
import { generateCases, numberCases, type CaseContext } from './cases.js';
import { demoSet } from './demo.js';
import type { SeedDoors } from './doors.js';
import { generateLicences } from './licences.js';
import { generateOrganisations } from './organisations.js';
import { assignPenalties } from './penalties.js';
import { generatePersons } from './persons.js';
import { createFaker, SEED } from './random.js';
import { applyTolerance, assignReferences, generateLaterRecords, generateRecords, type ToleranceClaims } from './records.js';
import { replay } from './replay.js';
import { demoToday } from './today.js';

export type { SeedDoors };

export { DEMO_COMPANY, DEMO_PERSON_ID_NUMBER } from './demo-subjects.js';
export { demoToday };

export interface SeedSummary {
  organisations: number;
  persons: number;
  records: number;
  licences: number;
  repairApplications: number;
  objections: number;
  demo: {
    companyCode: string;
    companyName: string;
    personIdNumber: string;
    personSubjectId: string;
    /** The demo company's repair application in progress, to follow without login with the query code. */
    repairNumber: string;
    repairQueryCode: string;
  };
}

/** The demo set's history starts with the notice (2020-02) and its fixed files reach into 2023. */
const EARLIEST_TODAY = '2024-01-01';

/** §8/§9 tolerance decisions among the random records. */
const TOLERANCE = { EXEMPTED: 16, DEFERRED: 5 };

/**
 * Plans the demo set (deterministic: the same plan every run) and replays it through the doors users call
 * (replay.ts): every state it leaves is one the platform's workflows produce. Lists, points and measures follow
 * from the events, as in production. `personIdFor` is the subjects service's pseudonym of an ID number, so the
 * plan can name the persons who apply and object.
 */
export async function seedDemo(
  doors: SeedDoors,
  options: { today?: string; personIdFor: (idNumber: string) => string },
): Promise<SeedSummary> {
  const today = options.today ?? demoToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || today < EARLIEST_TODAY)
    throw new Error(`seedDemo: today must be a date (YYYY-MM-DD) from ${EARLIEST_TODAY}, got '${today}'`);
  const faker = createFaker();
  const ctx: CaseContext = { faker, today, lastDay: addDays(today, -7) };

  const organisations = generateOrganisations(faker);
  const persons = generatePersons(faker, options.personIdFor);
  const [company, ...otherOrgs] = organisations.map((o) => o.subject);
  const [person, ...otherPersons] = persons.map((p) => p.subject);
  const demo = demoSet(ctx, company!, person!);

  const drafts = [...demo.drafts, ...generateRecords(faker, ctx.lastDay, otherOrgs, otherPersons)];
  const claims: ToleranceClaims = new Map(demo.claims);
  applyTolerance(faker, drafts, TOLERANCE, claims);
  const cases = generateCases(ctx, drafts);
  const records = [...drafts, ...demo.commitments, ...cases.commitments];
  assignReferences(faker, records);
  const applications = [...demo.applications, ...cases.applications];
  numberCases(faker, 'XF', applications);
  numberCases(faker, 'YY', cases.objections);
  // Categories added later (issue 14: food and drugs, masks, gatherings) from a generator of their own.
  const later = createFaker(SEED + 3);
  const laterRecords = generateLaterRecords(later, ctx.lastDay, otherOrgs, otherPersons);
  assignReferences(later, laterRecords);
  records.push(...laterRecords);
  // Penalty details and licences come from generators of their own: the rest of the set does not move with them.
  assignPenalties(createFaker(SEED + 1), records);
  const licences = generateLicences(createFaker(SEED + 2), organisations, today);

  const replayed = await replay(doors, {
    today,
    organisations,
    persons,
    records,
    claims,
    applications,
    objections: cases.objections,
    licences,
    pendingId: demo.pending.id,
  });
  const pending = replayed.cases.get(demo.pending.id)!;

  return {
    organisations: organisations.length,
    persons: new Set(records.filter((r) => r.subject.isPerson).map((r) => r.subject.id)).size,
    records: records.length,
    licences: licences.length,
    repairApplications: applications.length,
    objections: cases.objections.length,
    demo: {
      companyCode: company!.id,
      companyName: company!.name,
      personIdNumber: persons[0]!.person.idNumber,
      personSubjectId: person!.id,
      repairNumber: pending.number!,
      repairQueryCode: pending.queryCode!,
    },
  };
}
