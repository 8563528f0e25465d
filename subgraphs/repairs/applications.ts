import { isNegativeKind } from '../kit/vocabulary.js';
import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import type { Principal } from '../kit/principal.js';
import { chinaToday } from '../kit/time.js';
import type { ApplicationStore } from './application-store.js';
import type { WorkingCalendar } from './calendar.js';
import { newQueryCode } from './case-numbers.js';
import type { RepairApplicationInput } from './generated/graphql.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import { EXPIRED_STATUS, notRepairable, TRANSITIONS, type RepairState, type TimeLimits } from './rules.js';
import type { RepairApplicationRow, RepairSubmission } from './tables.js';
import { TRAINING_REQUIRED_FOR, type Training } from './training.js';
import { isResponsibleFor, isSelf } from '../kit/access.js';

/** The green channel's reasons (notice §11) and the subject tags that show them without further evidence. */
export const GREEN_TAGS: Record<string, string[]> = {
  EPIDEMIC_PREVENTION: ['EPIDEMIC_PREVENTION'],
  MEDICAL_SUPPORT: ['MEDICAL'],
  SUPPLY_ASSURANCE: ['SUPPLY_ASSURANCE', 'EPIDEMIC_SUPPLY_PRODUCER'],
  HARD_HIT: ['HARD_HIT'],
};

/** What the applicant submitted, as filed (the application's `submission`), and who filed it. */
type Submission = RepairSubmission;

export const submissionOf = (row: RepairApplicationRow): Submission | null => row.submission;

/** The materials a repair decision rests on (RepairEvidence), with the subject and session to resolve tags and training from. */
export interface RepairEvidenceView {
  subjectId: string;
  correctionProof: string | null;
  obligationsDescription: string | null;
  commitmentSigned: boolean | null;
  greenChannel: string | null;
  greenChannelBasis: string | null;
  greenChannelEvidence: string | null;
  trainingSessionId: string | null;
}

/** Who may read it is the field policy's (the decider); this only gathers the materials. */
export function evidenceOf(row: RepairApplicationRow): RepairEvidenceView {
  const submission = submissionOf(row);
  return {
    subjectId: row.subjectId,
    correctionProof: submission?.correctionProof ?? null,
    obligationsDescription: submission?.obligationsDescription ?? null,
    commitmentSigned: submission?.commitmentSigned ?? null,
    greenChannel: row.greenChannel,
    greenChannelBasis: submission?.green?.basis ?? null,
    greenChannelEvidence: submission?.green?.evidence ?? null,
    trainingSessionId: submission?.trainingSessionId ?? null,
  };
}

const isDecider = (principal: Principal, row: { reportingUnitId: string }): boolean => isResponsibleFor(principal, row.reportingUnitId);

/** 信用修复 (notice §11): eligibility from repairs' projection of the record, time limits in working days. */
export function createApplications(store: ApplicationStore, calendar: WorkingCalendar, limits: TimeLimits, training: Training) {
  /** A deadline in a year whose calendar is not loaded is the platform's one CONFLICT (calendar.ts). */
  const workingDays = (from: string, n: number): string => calendar.deadline(from, n);

  async function greenChannel(input: RepairApplicationInput['greenChannel'], subjectId: string) {
    if (!input) return null;
    const tags = await store.subjectTags(subjectId);
    if ((GREEN_TAGS[input.reason] ?? []).some((tag) => tags.includes(tag)))
      return { reason: input.reason, basis: 'SUBJECT_TAG', evidence: null };
    const evidence = input.evidence?.trim();
    if (!evidence) throw badInput('input.greenChannel.evidence', M.REPAIRS_GREEN_CHANNEL_EVIDENCE({ reason: input.reason }));
    return { reason: input.reason, basis: 'EVIDENCE', evidence };
  }

  return {
    async submit(ctx: PolicyScope, input: RepairApplicationInput) {
      const recordId = asUuid(input.recordId);
      const record = recordId ? await store.record(recordId) : null;
      if (!record) throw badInput('input.recordId', M.REPAIRS_RECORD_UNKNOWN());
      const { principal } = ctx;
      if (!isSelf(principal, record.subjectId) && !isDecider(principal, record)) {
        throw forbidden(M.REPAIRS_APPLY_OWN_RECORDS_ONLY());
      }
      if (!isNegativeKind(record.kind)) throw badInput('input.recordId', M.REPAIRS_RECORD_NOT_NEGATIVE({ kind: record.kind }));
      // The catalogue's answer, carried by records' events (records' catalogue.ts): repairs keeps no list of its own.
      if (!record.repairable) throw badInput('input.recordId', notRepairable(record.category));
      // 公示期满 (records' sweep announces it): the record's state refuses it, with a code a client can test.
      if (record.status === EXPIRED_STATUS) throw conflict(M.REPAIRS_RECORD_EXPIRED(), { blockedBy: { recordId: record.recordId } });
      if (record.status !== 'ACTIVE') throw badInput('input.recordId', M.REPAIRS_RECORD_NOT_ACTIVE({ status: record.status }));
      // The platform's clock, not the database's, dates the case: its deadlines are counted from the same day.
      const now = new Date();
      const today = chinaToday(now);
      if (record.minimumUntil && today < record.minimumUntil)
        throw badInput('input.recordId', M.REPAIRS_MINIMUM_PERIOD_RUNNING({ until: record.minimumUntil }));
      if (!input.obligationsMet) throw badInput('input.obligationsMet', M.REPAIRS_OBLIGATIONS_NOT_MET());
      if (!input.correctionProof.trim()) throw badInput('input.correctionProof', M.REPAIRS_CORRECTION_PROOF_EMPTY());
      if (!input.commitmentSigned) throw badInput('input.commitmentSigned', M.REPAIRS_COMMITMENT_REQUIRED());
      if (
        record.severity &&
        TRAINING_REQUIRED_FOR.has(record.severity) &&
        !(input.trainingSessionId && (await training.attended(record.subjectId, input.trainingSessionId)))
      ) {
        throw badInput('input.trainingSessionId', M.REPAIRS_TRAINING_REQUIRED({ severity: record.severity }));
      }
      const green = await greenChannel(input.greenChannel, record.subjectId);
      const queryCode = newQueryCode();
      const by = describePrincipal(principal);
      const filed = await store.file(
        {
          recordId: record.recordId,
          subjectId: record.subjectId,
          reportingUnitId: record.reportingUnitId,
          submittedAt: now,
          greenChannel: green?.reason ?? null,
          acceptBy: workingDays(today, green ? limits.greenAcceptDays : limits.acceptDays),
          submission: {
            correctionProof: input.correctionProof.trim(),
            obligationsDescription: input.obligationsDescription ?? null,
            commitmentSigned: true,
            trainingSessionId: input.trainingSessionId ?? null,
            green,
            by,
          },
        },
        queryCode,
        today,
        by,
      );
      if ('moved' in filed) throw conflict(M.REPAIRS_RECORD_MOVED());
      if ('duplicateOf' in filed) throw conflict(M.REPAIRS_APPLICATION_STILL_OPEN({ number: filed.duplicateOf! }));
      ctx.audit.note('REPAIR_CASE', [record.subjectId], 'MUTATION');
      return { application: filed.row, queryCode };
    },

    async move(ctx: PolicyScope, id: string, to: RepairState, reason: string | null | undefined) {
      const row = asUuid(id) ? await store.byId(asUuid(id)!) : null;
      if (!row) throw notFound(M.REPAIRS_APPLICATION_NOT_FOUND({ id }));
      const transition = TRANSITIONS.find((t) => t.from === row.state && t.to === to);
      if (!transition) throw badInput('to', M.REPAIRS_TRANSITION_NOT_ALLOWED({ from: row.state, to }));
      const { principal } = ctx;
      const filedBy = submissionOf(row)?.by;
      const allowed =
        transition.by === 'DECIDER'
          ? isDecider(principal, row)
          : isSelf(principal, row.subjectId) || describePrincipal(principal) === filedBy;
      if (!allowed) throw forbidden(transition.by === 'DECIDER' ? M.REPAIRS_DECIDER_ONLY() : M.REPAIRS_APPLICANT_ONLY_WITHDRAWS());
      const text = reason?.trim() || null;
      if (transition.reasonRequired && !text) throw badInput('reason', M.REPAIRS_DECISION_REASON_REQUIRED({ to }));
      const today = chinaToday();
      const green = row.greenChannel !== null;
      const changes: Partial<RepairApplicationRow> =
        to === 'ACCEPTED'
          ? { decideBy: workingDays(today, green ? limits.greenDecideDays : limits.decideDays) }
          : { decidedAt: new Date(), reason: text };
      const moved = await store.move(row.id, row.state as RepairState, to, changes, describePrincipal(principal), text, today);
      if (!moved) throw conflict(M.REPAIRS_APPLICATION_CHANGED());
      ctx.audit.note('REPAIR_CASE', [row.subjectId], 'MUTATION');
      return moved;
    },

    /** Open applications past their limit, with how many working days late (for the credit office). */
    async overdue() {
      const today = chinaToday();
      return (await store.open()).flatMap((row) => {
        const dueOn = row.state === 'SUBMITTED' ? row.acceptBy : row.decideBy;
        return dueOn && dueOn < today ? [{ application: row, dueOn, workingDaysLate: calendar.workingDaysBetween(dueOn, today) }] : [];
      });
    },
  };
}

export type Applications = ReturnType<typeof createApplications>;
