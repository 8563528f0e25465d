import type { Faker } from '@faker-js/faker';
import type { CaseStep as HistoryStep, PlannedApplication as NewApplication, PlannedObjection as NewObjection } from './model.js';
import { addWorkingDays } from './working-days.js';
import { addDays, addMonths, chinaToday } from '../../subgraphs/kit/time.js';
import { isNegative, type RecordDraft } from './model.js';
import { dateBetween, minDate, officeTime, workdayNear, workdayOnOrBefore } from './random.js';
import { makeDraft } from './records.js';

const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CREDIT_OFFICE = 'CREDIT_OFFICE:credit-office';

export interface CaseContext {
  faker: Faker;
  today: string;
  /** Latest decision date of any record: today - 7 days. */
  lastDay: string;
}

export interface Cases {
  applications: NewApplication[];
  objections: NewObjection[];
  /** REPAIR_COMMITMENT records signed with the applications. */
  commitments: RecordDraft[];
}

/**
 * Case numbers as the repairs service gives them: XF (repairs) or YY (objections), the filing day, then 10
 * unguessable characters — here from the seeded generator, so the demo set stays the same every time.
 */
export function numberCases(faker: Faker, prefix: 'XF' | 'YY', cases: { number: string; submittedAt?: Date }[]): void {
  const day = (at: Date): string => chinaToday(at).replaceAll('-', '');
  for (const item of cases)
    item.number = `${prefix}${day(item.submittedAt!)}${faker.string.fromCharacters('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 10)}`;
}

/** A moment on `date` after `previous` (later the same day, or office hours on a later day). */
function after(ctx: CaseContext, previous: Date, date: string): Date {
  const time = officeTime(ctx.faker, date);
  return time > previous ? time : new Date(previous.getTime() + ctx.faker.number.int({ min: 20, max: 150 }) * 60_000);
}

const GREEN: readonly (readonly [string, string])[] = [
  ['EPIDEMIC_PREVENTION', 'EPIDEMIC_PREVENTION'],
  ['MEDICAL', 'MEDICAL_SUPPORT'],
  ['SUPPLY_ASSURANCE', 'SUPPLY_ASSURANCE'],
  ['EPIDEMIC_SUPPLY_PRODUCER', 'SUPPLY_ASSURANCE'],
  ['HARD_HIT', 'HARD_HIT'],
];
const REASONS: Readonly<Record<string, readonly string[]>> = {
  NOT_ACCEPTED: ['未提供已履行相关义务的证明材料', '申请材料不齐全，经一次性告知后未在规定期限内补正', '未按要求参加信用修复专题培训'],
  DENIED: [
    '经核查，当事人在申请修复期间再次发生同类失信行为',
    '经现场核查，当事人尚未完成整改',
    '经核查，申请材料中的整改报告与实际情况不符',
  ],
  WITHDRAWN: ['申请人主动撤回申请', '申请人需补充整改材料，主动撤回后重新申请', '申请人表示待公示期满后不再申请修复'],
};
const APPROVAL = '当事人已纠正失信行为、履行相关义务并作出信用承诺，准予修复，终止公示、停止共享';

/** From when a repair may be asked (minimum period passed) to the last plausible day (still shown, decided by now). */
export function repairWindow(draft: RecordDraft, today: string): { from: string; to: string } | null {
  const from = draft.window.minimumUntil ?? addDays(draft.decisionDate, 20);
  const shownUntil = draft.window.publicUntil ?? addMonths(draft.decisionDate, 36);
  const to = minDate(addDays(shownUntil, -20), addDays(today, -25));
  return from <= to ? { from, to } : null;
}

export interface BuiltApplication {
  application: NewApplication;
  /** Day of approval, for REPAIRED records. */
  decidedOn: string | null;
}

/** One application in `state`, submitted on `submitted` (a working day), following the time limits. */
export function buildApplication(
  ctx: CaseContext,
  draft: RecordDraft,
  state: string,
  submitted: string,
  options: { queryCode?: string } = {},
): BuiltApplication {
  const { faker } = ctx;
  const match = GREEN.find(([tag]) => draft.subject.tags.includes(tag));
  const greenChannel = match && faker.datatype.boolean(0.85) ? match[1] : null;
  const acceptDays = greenChannel ? 1 : 2;
  const decideDays = greenChannel ? 2 : 5;
  const submittedAt = officeTime(faker, submitted);
  const history: HistoryStep[] = [{ state: 'SUBMITTED', at: submittedAt, by: 'SUBJECT', reason: null }];
  const acceptBy = addWorkingDays(submitted, acceptDays);
  let decideBy: string | null = null;
  let decidedAt: Date | null = null;
  let decidedOn: string | null = null;
  let reason: string | null = null;
  const latest = addDays(ctx.today, -1);
  if (state !== 'SUBMITTED') {
    const acceptedOn = minDate(addWorkingDays(submitted, faker.number.int({ min: 0, max: acceptDays })), latest);
    const acceptedAt = after(ctx, submittedAt, acceptedOn);
    if (state === 'NOT_ACCEPTED') {
      reason = faker.helpers.arrayElement(REASONS.NOT_ACCEPTED!);
      if (draft.entry.kind === 'ADMINISTRATIVE_PENALTY') reason = reason.replace('相关义务', '行政处罚决定（缴纳罚没款）');
      decidedAt = acceptedAt;
      history.push({ state, at: acceptedAt, by: CREDIT_OFFICE, reason });
    } else if (state === 'WITHDRAWN' && faker.datatype.boolean()) {
      reason = faker.helpers.arrayElement(REASONS.WITHDRAWN!);
      history.push({ state, at: after(ctx, submittedAt, acceptedOn), by: 'SUBJECT', reason });
    } else {
      decideBy = addWorkingDays(acceptedOn, decideDays);
      history.push({ state: 'ACCEPTED', at: acceptedAt, by: CREDIT_OFFICE, reason: null });
      if (state !== 'ACCEPTED') {
        const closedOn = minDate(addWorkingDays(acceptedOn, faker.number.int({ min: 1, max: decideDays })), latest);
        const closedAt = after(ctx, acceptedAt, closedOn);
        reason = state === 'APPROVED' ? null : faker.helpers.arrayElement(REASONS[state]!);
        if (state !== 'WITHDRAWN') {
          decidedAt = closedAt;
          decidedOn = closedOn;
        }
        history.push({
          state,
          at: closedAt,
          by: state === 'WITHDRAWN' ? 'SUBJECT' : CREDIT_OFFICE,
          reason: state === 'APPROVED' ? APPROVAL : reason,
        });
      }
    }
  }
  const queryCode = options.queryCode ?? faker.string.fromCharacters(QUERY_CODE_ALPHABET, 8);
  return {
    application: {
      id: faker.string.uuid(),
      number: '',
      queryCode,
      recordId: draft.id,
      subjectId: draft.subject.id,
      reportingUnitId: draft.unitId,
      state,
      greenChannel,
      submittedAt,
      acceptBy,
      decideBy,
      decidedAt,
      reason,
      history,
    },
    decidedOn: state === 'APPROVED' ? decidedOn : null,
  };
}

/** What a subject objects to, fitting the record: a wrong subject, a wrong detail, or a dispute about the facts. */
function grounds(faker: Faker, draft: RecordDraft, state: string): string {
  const penalty = draft.entry.kind === 'ADMINISTRATIVE_PENALTY';
  if (state === 'WITHDRAWN') {
    return faker.helpers.arrayElement(
      draft.subject.isPerson
        ? ['记录所载身份信息与本人不符，系他人冒用身份', '该记录系同名人员的信息，归集时身份匹配错误']
        : ['涉事门店已于处罚前转让，当事人主体认定有误', '该记录系同名企业的信息，归集时主体匹配错误'],
    );
  }
  if (state === 'CORRECTED')
    return faker.helpers.arrayElement([
      penalty ? '处罚决定书认定的违法所得金额与公示信息不符' : '公示信息中的涉及金额登记错误',
      '公示信息中的决定日期登记错误',
    ]);
  switch (draft.entry.article) {
    case 2:
      return draft.entry.code === 'PRICE_NOT_MARKED'
        ? '已于检查当日补齐价格标签，请求撤销记录'
        : '认为价格上涨系进货成本上涨所致，不构成价格违法';
    case 9:
      return ['CONTRACT_DEFAULT', 'DELIVERY_DELAY'].includes(draft.entry.code)
        ? '认为违约系对方未按约定提供原材料所致'
        : '已于逾期后补缴全部款项，请求撤销记录';
    default:
      return penalty ? '罚款已于规定期限内缴清，请求撤销记录' : '认为认定事实与实际情况不符';
  }
}
const OUTCOMES: Readonly<Record<string, string>> = {
  WITHDRAWN: '经核实，原记录主体认定错误，报送单位予以撤销，停止公示和共享。',
  CORRECTED: '经核实，原记录部分信息登记有误，已予更正，更正后的记录继续有效。',
  UPHELD: '经核实，原记录所载事实清楚、证据确凿、程序合法，维持原记录。',
};

/** One objection; SUBMITTED ones are recent and still within (or just past) their verification limit. */
export function buildObjection(
  ctx: CaseContext,
  draft: RecordDraft,
  state: string,
  extended: boolean,
): { objection: NewObjection; resolvedOn: string | null } {
  const { faker, today } = ctx;
  const submitted =
    state === 'SUBMITTED'
      ? workdayOnOrBefore(addDays(today, -faker.number.int(extended ? { min: 8, max: 20 } : { min: 1, max: 5 })))
      : workdayNear(addDays(draft.decisionDate, faker.number.int({ min: 5, max: 60 })), addDays(today, -30));
  const submittedAt = officeTime(faker, submitted);
  const verifyBy = addWorkingDays(submitted, extended ? 20 : 5);
  const reason = grounds(faker, draft, state);
  const history: HistoryStep[] = [{ state: 'SUBMITTED', at: submittedAt, by: 'SUBJECT', reason }];
  let resolvedAt: Date | null = null;
  let resolvedOn: string | null = null;
  if (state !== 'SUBMITTED') {
    resolvedOn = addWorkingDays(submitted, faker.number.int(extended ? { min: 6, max: 18 } : { min: 1, max: 5 }));
    resolvedAt = after(ctx, submittedAt, resolvedOn);
    history.push({ state, at: resolvedAt, by: `MEMBER_UNIT:${draft.unitId}`, reason: OUTCOMES[state] ?? null });
  }
  return {
    objection: {
      id: faker.string.uuid(),
      number: '',
      queryCode: faker.string.fromCharacters(QUERY_CODE_ALPHABET, 8),
      recordId: draft.id,
      subjectId: draft.subject.id,
      reportingUnitId: draft.unitId,
      state,
      grounds: reason,
      submittedAt,
      verifyBy,
      extended,
      resolvedAt,
      outcomeReason: state === 'SUBMITTED' ? null : OUTCOMES[state]!,
      history,
    },
    resolvedOn,
  };
}

const REPAIRED = 26;
const APPLICATIONS = { SUBMITTED: 7, ACCEPTED: 7, NOT_ACCEPTED: 6, DENIED: 7, WITHDRAWN: 5 } as const;
const OBJECTIONS = { DISPUTED: 10, WITHDRAWN: 5, UPHELD: 7, CORRECTED: 6 } as const;

/**
 * Repair applications and objections on the random records, and the record statuses they imply:
 * REPAIRED (approved repair), DISPUTED (objection under verification), WITHDRAWN (objection upheld by withdrawal).
 */
export function generateCases(ctx: CaseContext, drafts: RecordDraft[]): Cases {
  const { faker, today } = ctx;
  const used = new Set<string>();
  const open = () => drafts.filter((d) => isNegative(d) && !d.fixed && d.status === 'ACTIVE' && !used.has(d.id));
  const take = (candidates: RecordDraft[], n: number): RecordDraft[] => {
    const chosen = faker.helpers.arrayElements(candidates, Math.min(n, candidates.length));
    if (chosen.length < n) throw new Error(`seed: only ${chosen.length} of ${n} records fit`);
    chosen.forEach((d) => used.add(d.id));
    return chosen;
  };
  const cases: Cases = { applications: [], objections: [], commitments: [] };
  const addApplication = (draft: RecordDraft, state: string, submitted: string) => {
    const built = buildApplication(ctx, draft, state, submitted);
    cases.applications.push(built.application);
    if (built.decidedOn) {
      draft.status = 'REPAIRED';
      draft.liftedOn = built.decidedOn;
    }
    if (['APPROVED', 'DENIED', 'WITHDRAWN'].includes(state) && submitted <= ctx.lastDay) {
      cases.commitments.push(
        makeDraft(faker, {
          subject: draft.subject,
          code: 'REPAIR_COMMITMENT',
          decisionDate: submitted,
          unitId: 'credit-office',
          repairedLabel: draft.entry.label,
        }),
      );
    }
  };
  const historic = (state: string, n: number) => {
    for (const draft of take(
      open().filter((d) => d.entry.repairable && repairWindow(d, today)),
      n,
    )) {
      const window = repairWindow(draft, today)!;
      addApplication(draft, state, workdayNear(dateBetween(faker, window.from, window.to), window.to));
    }
  };

  historic('APPROVED', REPAIRED);
  historic('NOT_ACCEPTED', APPLICATIONS.NOT_ACCEPTED);
  historic('DENIED', APPLICATIONS.DENIED);
  historic('WITHDRAWN', APPLICATIONS.WITHDRAWN);
  const pending = open().filter(
    (d) =>
      d.entry.repairable &&
      (d.window.minimumUntil ?? addDays(d.decisionDate, 20)) <= addDays(today, -30) &&
      (d.window.publicUntil ?? addMonths(d.decisionDate, 36)) >= addDays(today, 10),
  );
  // Pending cases are recent; the first of each state is left past its time limit, so overdue lists show something.
  take(pending, APPLICATIONS.SUBMITTED).forEach((draft, i) =>
    addApplication(draft, 'SUBMITTED', workdayOnOrBefore(addDays(today, i === 0 ? -9 : -faker.number.int({ min: 1, max: 3 })))),
  );
  take(
    open().filter((d) => pending.includes(d)),
    APPLICATIONS.ACCEPTED,
  ).forEach((draft, i) =>
    addApplication(draft, 'ACCEPTED', workdayOnOrBefore(addDays(today, i === 0 ? -21 : -faker.number.int({ min: 3, max: 8 })))),
  );

  const recent = open().filter((d) => d.decisionDate >= addDays(today, -180) && d.decisionDate <= addDays(today, -25));
  take(recent, OBJECTIONS.DISPUTED).forEach((draft, i) => {
    draft.status = 'DISPUTED';
    cases.objections.push(buildObjection(ctx, draft, 'SUBMITTED', i < 2).objection);
  });
  const settled = () => open().filter((d) => d.decisionDate <= addDays(today, -100));
  for (const draft of take(settled(), OBJECTIONS.WITHDRAWN)) {
    const built = buildObjection(ctx, draft, 'WITHDRAWN', false);
    draft.status = 'WITHDRAWN';
    draft.liftedOn = built.resolvedOn!;
    cases.objections.push(built.objection);
  }
  take(settled(), OBJECTIONS.UPHELD).forEach((draft, i) => cases.objections.push(buildObjection(ctx, draft, 'UPHELD', i === 0).objection));
  take(settled(), OBJECTIONS.CORRECTED).forEach((draft) => cases.objections.push(buildObjection(ctx, draft, 'CORRECTED', false).objection));
  return cases;
}
