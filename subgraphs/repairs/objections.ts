import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { chinaToday } from '../kit/time.js';
import type { ApplicationStore } from './application-store.js';
import type { WorkingCalendar } from './calendar.js';
import { newQueryCode } from './case-numbers.js';
import type { ObjectionInput } from './generated/graphql.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import type { ObjectionStore } from './objection-store.js';
import { OBJECTION_OUTCOMES, type ObjectionLimits } from './rules.js';
import type { ObjectionRow } from './tables.js';
import { isResponsibleFor, isSelf, unitActedFor } from '../kit/access.js';

type Outcome = (typeof OBJECTION_OUTCOMES)[number];

/** Records' status of a record withheld after a CORRECTED objection until its unit re-sends it corrected. */
export const PENDING_CORRECTION = 'PENDING_CORRECTION';

/** 异议 (notice §12): the subject contests a record; the reporting unit verifies within the limit. */
export function createObjections(store: ObjectionStore, records: ApplicationStore, calendar: WorkingCalendar, limits: ObjectionLimits) {
  async function openObjection(ctx: PolicyScope, id: string): Promise<ObjectionRow> {
    const row = asUuid(id) ? await store.byId(asUuid(id)!) : null;
    if (!row) throw notFound(M.REPAIRS_OBJECTION_NOT_FOUND({ id }));
    const { principal } = ctx;
    if (!isResponsibleFor(principal, row.reportingUnitId)) {
      throw forbidden(M.REPAIRS_OBJECTION_VERIFIER_ONLY());
    }
    if (row.state !== 'SUBMITTED') throw badInput('id', M.REPAIRS_OBJECTION_CLOSED({ state: row.state }));
    return row;
  }

  return {
    /** One open objection per record: a second one, even raised at the same moment, is refused naming the first. */
    async raise(ctx: PolicyScope, input: ObjectionInput) {
      const recordId = asUuid(input.recordId);
      const record = recordId ? await records.record(recordId) : null;
      if (!record) throw badInput('input.recordId', M.REPAIRS_RECORD_UNKNOWN());
      if (!isSelf(ctx.principal, record.subjectId)) throw forbidden(M.REPAIRS_OBJECTION_SUBJECT_ONLY());
      const grounds = input.grounds.trim();
      if (!grounds) throw badInput('input.grounds', M.REPAIRS_OBJECTION_GROUNDS_EMPTY());
      if (grounds.length > 4000) throw badInput('input.grounds', KIT_MESSAGES.TEXT_TOO_LONG({ max: 4000, got: grounds.length }));
      if (record.status === PENDING_CORRECTION) throw conflict(M.REPAIRS_RECORD_AWAITING_CORRECTION());
      // The platform's clock, not the database's, dates the case: its deadlines are counted from the same day.
      const now = new Date();
      const today = chinaToday(now);
      const queryCode = newQueryCode();
      const filed = await store.file(
        {
          recordId: record.recordId,
          subjectId: record.subjectId,
          reportingUnitId: record.reportingUnitId,
          grounds,
          verifyBy: calendar.deadline(today, limits.verifyDays),
          recordVersion: record.version,
          submittedAt: now,
        },
        queryCode,
        today,
        describePrincipal(ctx.principal),
      );
      if ('openNumber' in filed) throw conflict(M.REPAIRS_OBJECTION_STILL_OPEN({ number: filed.openNumber! }));
      ctx.audit.note('OBJECTION', [record.subjectId], 'MUTATION');
      return { objection: filed.row, queryCode };
    },

    /** Once, with a reason, up to the overall limit counted from the day it was raised. */
    async extend(ctx: PolicyScope, id: string, reason: string) {
      const row = await openObjection(ctx, id);
      if (row.extended) throw badInput('id', M.REPAIRS_OBJECTION_ALREADY_EXTENDED());
      if (!reason.trim()) throw badInput('reason', M.REPAIRS_EXTENSION_REASON_EMPTY());
      const verifyBy = calendar.deadline(chinaToday(row.submittedAt), limits.maxDays);
      const updated = await store.update(
        row.id,
        { extended: true, verifyBy },
        { state: 'EXTENDED', by: describePrincipal(ctx.principal), reason: reason.trim() },
        null,
      );
      if (!updated) throw conflict(M.REPAIRS_OBJECTION_CHANGED());
      ctx.audit.note('OBJECTION', [row.subjectId], 'MUTATION');
      return updated;
    },

    /**
     * CORRECTED withholds the contested version at once (records marks it PENDING_CORRECTION: not public,
     * not shared, out of public reports) and gives the unit `correctBy` to re-send it corrected through
     * intake; a version already re-sent since the objection was raised takes effect instead.
     */
    async resolve(ctx: PolicyScope, id: string, outcome: Outcome, reason: string) {
      const row = await openObjection(ctx, id);
      if (!reason.trim()) throw badInput('reason', M.REPAIRS_OUTCOME_REASON_EMPTY());
      const now = new Date();
      let correction: Partial<ObjectionRow> = {};
      if (outcome === 'CORRECTED') {
        const version = await store.recordVersion(row.recordId);
        const alreadyResent = row.recordVersion !== null && version !== null && version > row.recordVersion;
        correction = alreadyResent ? { correctionReceivedAt: now } : { correctBy: calendar.deadline(chinaToday(now), limits.correctDays) };
      }
      const updated = await store.update(
        row.id,
        { state: outcome, resolvedAt: now, outcomeReason: reason.trim(), ...correction },
        { state: outcome, by: describePrincipal(ctx.principal), reason: reason.trim() },
        outcome,
      );
      if (!updated) throw conflict(M.REPAIRS_OBJECTION_CHANGED());
      ctx.audit.note('OBJECTION', [row.subjectId], 'MUTATION');
      return updated;
    },

    /** Objections past their limit (verification, or the corrected record's re-send), with working days late: the credit office (all or one unit's), a unit its own. */
    async overdue(ctx: PolicyScope, unitId: string | null | undefined) {
      const acted = unitActedFor(ctx.principal, unitId);
      if ('refused' in acted) throw forbidden(M.REPAIRS_OVERDUE_OBJECTIONS_OWN_UNIT());
      const today = chinaToday();
      const rows = await store.overdue(acted.unitId, today);
      ctx.audit.note(
        'OBJECTION',
        rows.map((row) => row.subjectId),
      );
      return rows.map((row) => {
        const waitingFor = row.state === 'SUBMITTED' ? 'VERIFICATION' : 'CORRECTION';
        const dueOn = (waitingFor === 'VERIFICATION' ? row.verifyBy : row.correctBy)!;
        return { objection: row, waitingFor, dueOn, workingDaysLate: calendar.workingDaysBetween(dueOn, today) };
      });
    },
  };
}

export type Objections = ReturnType<typeof createObjections>;
