import type { SubjectsData } from '../../subgraphs/subjects/data.js';
import type { NewRecord, RecordsData } from '../../subgraphs/records/data.js';
import type { LicenceStore } from '../../subgraphs/records/licence-store.js';
import type { RepairsData } from '../../subgraphs/repairs/data.js';
import { addDays, chinaToday } from '../../subgraphs/kit/time.js';
import { generateCases, numberCases, type CaseContext } from './cases.js';
import { DEMO_REPAIR_QUERY_CODE, demoSet } from './demo.js';
import { MEMBER_UNITS } from './member-units.js';
import type { RecordDraft } from './model.js';
import { generateLicences } from './licences.js';
import { generateOrganisations } from './organisations.js';
import { assignPenalties } from './penalties.js';
import { generatePersons } from './persons.js';
import { createFaker, SEED } from './random.js';
import { applyTolerance, assignReferences, generateLaterRecords, generateRecords } from './records.js';

export { DEMO_REPAIR_QUERY_CODE };

/** The demo subjects are the same in every seeded database (the generator is deterministic). */
export const DEMO_COMPANY = { code: '91320585016648258N', name: '太仓市娄城医疗器械有限公司' } as const;
export const DEMO_PERSON_ID_NUMBER = '320585196604090207';

export interface SeedTargets {
  subjects: SubjectsData;
  records: RecordsData & { licences: Pick<LicenceStore, 'insertLicences'> };
  repairs: RepairsData;
}

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

function newRecord(draft: RecordDraft): NewRecord {
  return {
    id: draft.id,
    subjectId: draft.subject.id,
    subjectIsPerson: draft.subject.isPerson,
    category: draft.entry.code,
    severity: draft.severity,
    status: draft.status,
    reportingUnitId: draft.unitId,
    unitReference: draft.unitReference!,
    decisionDate: draft.decisionDate,
    facts: draft.facts,
    legalBasis: draft.legalBasis,
    rectificationDeadline: draft.rectificationDeadline,
    penalty: draft.penalty ?? null,
  };
}

/**
 * Writes the demo set through each subgraph's own data module (never its tables). Deterministic: same
 * output every run. Incentives' lists and points are not written here: they follow from the records'
 * events, as in production, once the consumers have read them.
 */
export async function seedDemo(targets: SeedTargets, options: { today?: string } = {}): Promise<SeedSummary> {
  const today = options.today ?? chinaToday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || today < EARLIEST_TODAY) throw new Error(`seedDemo: today must be a date (YYYY-MM-DD) from ${EARLIEST_TODAY}, got '${today}'`);
  const faker = createFaker();
  const ctx: CaseContext = { faker, today, lastDay: addDays(today, -7) };

  const organisations = generateOrganisations(faker);
  const persons = generatePersons(faker, (idNumber) => targets.subjects.personIdFor(idNumber));
  const [company, ...otherOrgs] = organisations.map((o) => o.subject);
  const [person, ...otherPersons] = persons.map((p) => p.subject);
  const demo = demoSet(ctx, company!, person!);

  const drafts = [...demo.drafts, ...generateRecords(faker, ctx.lastDay, otherOrgs, otherPersons)];
  applyTolerance(faker, drafts, TOLERANCE);
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

  await targets.subjects.registerMemberUnits(MEMBER_UNITS);
  await targets.subjects.registerSubjects(organisations.map((o) => o.row), persons.map((p) => p.person));
  await targets.records.insertRecords(records.map(newRecord));
  await targets.records.licences.insertLicences(licences);
  await targets.repairs.insertApplications(applications);
  await targets.repairs.insertObjections(cases.objections);

  return {
    organisations: organisations.length,
    persons: persons.length,
    records: records.length,
    licences: licences.length,
    repairApplications: applications.length,
    objections: cases.objections.length,
    demo: {
      companyCode: company!.id,
      companyName: company!.name,
      personIdNumber: persons[0]!.person.idNumber,
      personSubjectId: person!.id,
      repairNumber: demo.pending.number,
      repairQueryCode: DEMO_REPAIR_QUERY_CODE,
    },
  };
}
