import { type SubgraphName } from '../../subgraphs/registry.js';
import type { Principal } from '../../subgraphs/kit/principal.js';
import { addDays, chinaToday } from '../../subgraphs/kit/time.js';
import type { NewLicenceRow } from '../../subgraphs/records/tables.js';
import type { PlannedApplication as NewApplication, PlannedObjection as NewObjection } from './model.js';
import { onTravellingClock } from './clock.js';
import { chinaMoment } from '../../subgraphs/kit/time.js';
import { allStored, CREDIT_OFFICE, OPERATIONS as OP, subject, unit, type SeedDoors } from './doors.js';
import type { RecordDraft } from './model.js';
import type { SeedOrganisation } from './organisations.js';
import type { SeedPerson } from './persons.js';

/** What the demo is made of, planned by the generators; the replay turns it into what users would have sent. */
export interface SeedPlan {
  today: string;
  organisations: SeedOrganisation[];
  persons: SeedPerson[];
  records: RecordDraft[];
  /** Tolerance claims made with a record's report (notice §8, §9), by record id of the plan. */
  claims: Map<string, { cause: string; evidence: string }>;
  applications: NewApplication[];
  objections: NewObjection[];
  licences: NewLicenceRow[];
  /** The application whose number and query code the start-up banner shows. */
  pendingId: string;
}

export interface Replayed {
  recordIds: Map<string, string>;
  cases: Map<string, { id: string; number?: string; queryCode?: string }>;
}

interface Step {
  at: Date;
  /** Which subgraph must have read the others' events before the step runs. */
  reads?: SubgraphName;
  /** The plan's record the step needs repairs to know (repairs reads records only when it was reported since). */
  record?: string;
  run(): Promise<void>;
}

const BATCH = 1000;
const chunks = <T>(items: T[], size = BATCH): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const groupBy = <T>(items: T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};
const minutesAfter = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

/**
 * Replays the plan through the doors on a travelling clock. The registry's current data and the platform's
 * designations of organisations come first (as of the seed day); then the cases' history in the order it
 * happened: their records reported, repair training, applications moved by the credit office, objections raised,
 * extended and resolved, corrected records re-sent; then the other records (with their tolerance claims) as each
 * unit's backlog; last, the licences and the designations of persons (whose files open with their first record). Each
 * step runs at its own moment, so deadlines are counted from the day it happened.
 */
export async function replay(doors: SeedDoors, plan: SeedPlan): Promise<Replayed> {
  const recordIds = new Map<string, string>();
  const cases = new Map<string, { id: string; number?: string; queryCode?: string }>();
  const drafts = new Map(plan.records.map((draft) => [draft.id, draft]));
  const people = new Map(plan.persons.map((p) => [p.subject.id, p.person]));
  const orgRows = new Map(plan.organisations.map((o) => [o.subject.id, o.row]));
  const dirty = new Set<SubgraphName>();
  const unseenByRepairs = new Set<string>();
  const call = async (subgraph: SubgraphName, as: Principal, query: string, variables: Record<string, unknown>) => {
    const data = await doors.call(subgraph, as, query, variables);
    // Every door changes something others read: the subgraph's own consumers are not among them.
    for (const reader of doors.readers) if (reader !== subgraph) dirty.add(reader);
    return data;
  };

  const subjectRef = (draft: { subject: { id: string; name: string; isPerson: boolean } }) => {
    const person = people.get(draft.subject.id);
    if (person) return { idNumber: person.idNumber, name: person.name };
    return {
      creditCode: draft.subject.id,
      name: draft.subject.name,
      historicCode: orgRows.get(draft.subject.id)?.creditCodeChecksumValid === false,
    };
  };
  const reportInput = (draft: RecordDraft, facts = draft.facts) => ({
    subject: subjectRef(draft),
    category: draft.entry.code,
    decisionDate: draft.decisionDate,
    facts,
    legalBasis: draft.legalBasis,
    severity: draft.severity,
    unitReference: draft.unitReference,
    rectificationDeadline: draft.rectificationDeadline,
    toleranceClaim: plan.claims.get(draft.id) ?? null,
    penalty: draft.penalty ?? null,
  });
  const report = async (unitId: string, batch: RecordDraft[], facts?: (draft: RecordDraft) => string) => {
    for (const part of chunks(batch)) {
      const { reportRecords } = await call('records', unit(unitId), OP.reportRecords, {
        input: part.map((d) => reportInput(d, facts?.(d))),
      });
      for (const result of allStored(`reportRecords(${unitId})`, reportRecords)) recordIds.set(part[result.index]!.id, result.recordId!);
      for (const draft of part) unseenByRepairs.add(draft.id);
    }
  };
  const recordId = (planId: string): string => {
    const id = recordIds.get(planId);
    if (!id) throw new Error(`seed: record ${planId} was not reported before its case`);
    return id;
  };

  const steps: Step[] = [];
  const at = (moment: Date, run: () => Promise<void>, reads?: SubgraphName, record?: string) =>
    steps.push({ at: moment, run, reads, record });
  const backlog: Step[] = [];

  // Records with a case are reported on their decision day, in the cases' history. The others come after it as
  // each unit's backlog: no case reads them, and the consumers read them once.
  const withCases = new Set([...plan.applications, ...plan.objections].map((c) => c.recordId));
  for (const [key, batch] of groupBy(
    plan.records.filter((d) => withCases.has(d.id)),
    (d) => `${d.unitId}|${d.decisionDate}`,
  )) {
    const [unitId, day] = key.split('|') as [string, string];
    at(chinaMoment(day, '16:00:00'), () => report(unitId, batch));
  }
  // Each unit's backlog in one report, the day after the last decision (as a unit joining the platform sends it).
  const backlogDay = addDays(plan.today, -6);
  for (const [unitId, batch] of groupBy(
    plan.records.filter((d) => !withCases.has(d.id)),
    (d) => d.unitId,
  )) {
    backlog.push({ at: chinaMoment(backlogDay, '17:30:00'), run: () => report(unitId, batch) });
  }

  for (const application of plan.applications) planApplication(application);
  for (const objection of plan.objections) planObjection(objection);

  /** A later step of a case: one operation on the case's id as the services numbered it. */
  function onCase(planId: string, as: Principal, operation: string, variables: Record<string, unknown>) {
    return async () => void (await call('repairs', as, operation, { id: cases.get(planId)!.id, ...variables }));
  }

  function planApplication(application: NewApplication) {
    const draft = drafts.get(application.recordId)!;
    const applicant = subject(draft.subject.id);
    const [submitted, ...moves] = application.history;
    let sessionId: string | null = null;
    if (draft.severity === 'SERIOUS') {
      // 信用修复专题培训: scheduled by the credit office, the subject enrols, attends, then applies.
      const day = addDays(chinaToday(application.submittedAt).slice(0, 10), -10);
      at(chinaMoment(addDays(day, -10), '09:00:00'), async () => {
        const { scheduleTraining } = await call('repairs', CREDIT_OFFICE, OP.scheduleTraining, {
          input: { title: '信用修复专题培训', heldOn: day, place: '太仓市公共信用信息服务中心培训室', capacity: 60 },
        });
        sessionId = scheduleTraining.id;
      });
      at(chinaMoment(addDays(day, -9), '10:30:00'), async () => void (await call('repairs', applicant, OP.enrolInTraining, { sessionId })));
      at(
        chinaMoment(day, '17:00:00'),
        async () => void (await call('repairs', CREDIT_OFFICE, OP.recordTrainingAttendance, { sessionId, subjectId: draft.subject.id })),
      );
    }
    at(
      submitted!.at,
      async () => {
        const input = {
          recordId: recordId(application.recordId),
          correctionProof: `已完成整改：${draft.entry.label}相关问题已纠正，整改报告及佐证材料附后`,
          obligationsMet: true,
          obligationsDescription:
            draft.entry.kind === 'ADMINISTRATIVE_PENALTY' ? '已按行政处罚决定书履行全部义务，罚没款已缴清' : '已履行相关法定义务',
          commitmentSigned: true,
          greenChannel: application.greenChannel
            ? { reason: application.greenChannel, evidence: '所在单位出具的疫情防控保障工作证明' }
            : null,
          trainingSessionId: sessionId,
        };
        const { applyForRepair } = await call('repairs', applicant, OP.applyForRepair, { input });
        cases.set(application.id, {
          id: applyForRepair.application.id,
          number: applyForRepair.application.number,
          queryCode: applyForRepair.queryCode,
        });
      },
      'repairs',
      application.recordId,
    );
    for (const move of moves) {
      const as = move.by === 'SUBJECT' ? applicant : CREDIT_OFFICE;
      at(move.at, onCase(application.id, as, OP.moveRepairApplication, { to: move.state, reason: move.reason }));
    }
  }

  function planObjection(objection: NewObjection) {
    const draft = drafts.get(objection.recordId)!;
    const [raised, ...later] = objection.history;
    const reporter = unit(draft.unitId);
    at(
      raised!.at,
      async () => {
        const { raiseObjection } = await call('repairs', subject(draft.subject.id), OP.raiseObjection, {
          input: { recordId: recordId(objection.recordId), grounds: objection.grounds },
        });
        cases.set(objection.id, { id: raiseObjection.objection.id });
      },
      'repairs',
      objection.recordId,
    );
    if (objection.extended) {
      const reason = '需向当事人及相关单位调取原始材料核实，延长核实期限';
      at(minutesAfter(raised!.at, 3 * 24 * 60), onCase(objection.id, reporter, OP.extendObjection, { reason }));
    }
    for (const step of later) {
      at(step.at, onCase(objection.id, reporter, OP.resolveObjection, { outcome: step.state, reason: step.reason }));
      // 异议属实予以更正: the unit re-sends the record corrected, under the same reference.
      if (step.state === 'CORRECTED')
        at(
          minutesAfter(step.at, 24 * 60),
          () => report(draft.unitId, [draft], (d) => `${d.facts}（经异议核实，已更正登记信息）`),
          'records',
        );
    }
  }

  return onTravellingClock(async (travelTo) => {
    travelTo(chinaMoment(plan.today, '09:00:00'));
    for (const part of chunks(plan.organisations)) {
      const { registerSubjects } = await call('subjects', CREDIT_OFFICE, OP.registerSubjects, { input: part.map((o) => registration(o)) });
      allStored('registerSubjects', registerSubjects);
    }
    await designate(plan.organisations.map((o) => ({ subjectId: o.subject.id, tags: o.subject.tags })));
    await doors.sync();
    dirty.clear();

    const inOrder = (list: Step[]) => list.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const step of [...inOrder(steps), ...inOrder(backlog)]) {
      const stale = step.reads === 'repairs' ? unseenByRepairs.has(step.record!) : step.reads && dirty.has(step.reads);
      if (step.reads && stale) {
        await doors.sync(step.reads);
        dirty.delete(step.reads);
        if (step.reads === 'repairs') unseenByRepairs.clear();
      }
      travelTo(step.at);
      await step.run();
    }

    travelTo(chinaMoment(plan.today, '11:00:00'));
    for (const [unitId, licences] of groupBy(plan.licences, (l) => l.reportingUnitId)) {
      for (const part of chunks(licences)) {
        const input = part.map((l) => ({
          subject: subjectRef({ subject: { id: l.subjectId, name: orgRows.get(l.subjectId)!.name, isPerson: false } }),
          decisionNumber: l.decisionNumber,
          certificateName: l.certificateName,
          certificateNumber: l.certificateNumber,
          type: l.type,
          content: l.content,
          decisionDate: l.decisionDate,
          validFrom: l.validFrom,
          validUntil: l.validUntil,
          revoked: l.revoked,
        }));
        allStored(`reportLicences(${unitId})`, (await call('records', unit(unitId), OP.reportLicences, { input })).reportLicences);
      }
    }
    await doors.sync();
    const withFiles = new Set(plan.records.map((d) => d.subject.id));
    await designate(
      plan.persons.filter((p) => withFiles.has(p.subject.id)).map((p) => ({ subjectId: p.subject.id, tags: p.subject.tags })),
    );
    await doors.sync();
    return { recordIds, cases };
  });

  async function designate(items: { subjectId: string; tags: string[] }[]) {
    for (const part of chunks(items.filter((item) => item.tags.length))) {
      const { designateSubjects } = await call('subjects', CREDIT_OFFICE, OP.designateSubjects, {
        input: part,
        reason: '太仓市疫情防控重点保障名单（演示数据）',
      });
      allStored('designateSubjects', designateSubjects);
    }
  }
}

function registration({ row }: SeedOrganisation) {
  return {
    creditCode: row.creditCode,
    historicCode: row.creditCodeChecksumValid === false,
    name: row.name,
    kind: row.kind,
    legalRepresentative: row.legalRepresentative,
    registeredAddress: row.registeredAddress,
    district: row.district,
    industry: row.industry,
    registeredOn: row.registeredOn,
    status: row.status,
    registeredCapital: row.registeredCapitalAmount
      ? { amount: row.registeredCapitalAmount, currency: row.registeredCapitalCurrency }
      : null,
    organisationType: row.organisationType,
    businessScope: row.businessScope,
    registrationAuthority: row.registrationAuthority,
    approvedOn: row.approvedOn,
  };
}
