import type { PlannedApplication as NewApplication } from './model.js';
import { addDays } from '../../subgraphs/kit/time.js';
import { buildApplication, type CaseContext } from './cases.js';
import type { RecordDraft, SeedSubject } from './model.js';
import { cnDate, workdayNear, workdayOnOrBefore } from './random.js';
import { makeDraft } from './records.js';

export interface DemoSet {
  drafts: RecordDraft[];
  commitments: RecordDraft[];
  applications: NewApplication[];
  /** The demo company's pending application; numbered with all the others. */
  pending: NewApplication;
  claims: Map<string, { cause: string; evidence: string }>;
}

/**
 * The curated files of the demo company and the demo person, so one cross-subgraph query shows every
 * feature: a serious price-gouging penalty on public display (joint-punishment list, supervision D), an
 * honest production-conversion record, a §9 exemption, a repair application in progress; for the person,
 * frontline honours with points and a repaired loan delay.
 */
export function demoSet(ctx: CaseContext, company: SeedSubject, person: SeedSubject): DemoSet {
  const { faker, today, lastDay } = ctx;
  const fixed = true;
  const gougingOn = workdayOnOrBefore(addDays(today, -45));
  const notMarkedOn = workdayOnOrBefore(addDays(today, -150));
  const exempted = makeDraft(faker, { subject: company, code: 'DELIVERY_DELAY', decisionDate: '2020-03-17', unitId: 'court', fixed });
  exempted.status = 'EXEMPTED';
  const notMarked = makeDraft(faker, {
    subject: company,
    code: 'PRICE_NOT_MARKED',
    decisionDate: notMarkedOn,
    unitId: 'market-regulation',
    severity: 'GENERAL',
    fixed,
    facts: `当事人于${cnDate(addDays(notMarkedOn, -21))}在其厂区门市部销售医用外科口罩、医用防护服等12种商品未按规定明码标价。`,
  });
  const drafts: RecordDraft[] = [
    makeDraft(faker, { subject: company, code: 'PRICE_SELF_DISCIPLINE', decisionDate: '2020-02-10', unitId: 'market-regulation', fixed }),
    makeDraft(faker, {
      subject: company,
      code: 'PRODUCTION_CONVERSION',
      decisionDate: '2020-02-14',
      unitId: 'commerce',
      fixed,
      facts:
        '2020年2月3日起，该企业紧急转产一次性医用口罩和医用防护服，新增口罩生产线6条，日产能达20万只，所产物资优先保障本市疫情防控需要。',
    }),
    exempted,
    notMarked,
    makeDraft(faker, {
      subject: company,
      code: 'PRICE_GOUGING',
      decisionDate: gougingOn,
      unitId: 'market-regulation',
      severity: 'SERIOUS',
      fixed,
      facts: `当事人于${cnDate(addDays(gougingOn, -30))}在周边地区呼吸道疾病就诊人数上升、口罩需求增加期间，将其生产的医用外科口罩出厂价由每只0.8元提高至3.5元，提价幅度达337.5%，共销售2.4万只，违法所得5.2万元，构成哄抬价格行为。`,
    }),
    makeDraft(faker, { subject: person, code: 'FRONTLINE_DUTY', decisionDate: '2020-03-06', unitId: 'health', fixed }),
    makeDraft(faker, { subject: person, code: 'DONATION', decisionDate: '2020-02-21', unitId: 'civil-affairs', fixed }),
    makeDraft(faker, { subject: person, code: 'VOLUNTEER_SERVICE', decisionDate: '2020-04-10', unitId: 'civilization-office', fixed }),
    makeDraft(faker, { subject: person, code: 'HONOR_AWARD', decisionDate: '2020-09-08', unitId: 'health', fixed }),
  ];
  const loan = makeDraft(faker, {
    subject: person,
    code: 'LOAN_REPAYMENT_DELAY',
    decisionDate: '2023-05-16',
    unitId: 'pboc-taicang',
    severity: 'MINOR',
    fixed,
  });
  drafts.push(loan);

  const loanSubmitted = workdayNear(addDays(loan.window.minimumUntil!, 10), lastDay);
  const repaired = buildApplication(ctx, loan, 'APPROVED', loanSubmitted);
  loan.status = 'REPAIRED';
  loan.liftedOn = repaired.decidedOn!;
  const commitments = [
    makeDraft(faker, {
      subject: person,
      code: 'REPAIR_COMMITMENT',
      decisionDate: loanSubmitted,
      unitId: 'credit-office',
      fixed,
      repairedLabel: loan.entry.label,
    }),
  ];
  const pending = buildApplication(ctx, notMarked, 'ACCEPTED', workdayOnOrBefore(addDays(today, -3)));
  // The exemption is claimed at intake for taking part in epidemic prevention (the company converted its lines to masks).
  const claim = {
    cause: 'TOOK_PART_IN_EPIDEMIC_PREVENTION',
    evidence: '市疫情防控指挥部关于征用口罩生产线、优先保障防疫物资供应的通知（太防指〔2020〕12号）',
  };
  return {
    drafts,
    commitments,
    applications: [repaired.application, pending.application],
    pending: pending.application,
    claims: new Map([[exempted.id, claim]]),
  };
}
