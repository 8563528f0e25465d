import { describePrincipal } from '../kit/audit.js';
import { badInput, conflict, forbidden, notFound } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { chinaToday } from '../kit/time.js';
import type { ApplicationStore } from './application-store.js';
import type { WorkingCalendar } from './calendar.js';
import { newQueryCode } from './data.js';
import type { ObjectionStore } from './objection-store.js';
import { OBJECTION_OUTCOMES, type ObjectionLimits } from './rules.js';
import type { ObjectionRow } from './tables.js';
import { isResponsibleFor, isSelf } from '../kit/access.js';

type Outcome = (typeof OBJECTION_OUTCOMES)[number];

/** 异议 (notice §12): the subject contests a record; the reporting unit verifies within the limit. */
export function createObjections(store: ObjectionStore, records: ApplicationStore, calendar: WorkingCalendar, limits: ObjectionLimits) {
  async function openObjection(ctx: PolicyScope, id: string): Promise<ObjectionRow> {
    const row = asUuid(id) ? await store.byId(asUuid(id)!) : null;
    if (!row) throw notFound(`objection ${id}`);
    const { principal } = ctx;
    if (!isResponsibleFor(principal, row.reportingUnitId)) {
      throw forbidden('the unit that reported the record verifies the objection (or the credit office)');
    }
    if (row.state !== 'SUBMITTED') throw badInput('id', `the objection is already ${row.state}`);
    return row;
  }

  return {
    async raise(ctx: PolicyScope, input: { recordId: string; grounds: string }) {
      const recordId = asUuid(input.recordId);
      const record = recordId ? await records.record(recordId) : null;
      if (!record) throw badInput('input.recordId', 'names no record known to the repairs service (a record just reported arrives within seconds)');
      if (!isSelf(ctx.principal, record.subjectId)) throw forbidden('an objection is raised by the subject of the record');
      const grounds = input.grounds.trim();
      if (!grounds) throw badInput('input.grounds', 'is empty: say what is wrong with the record');
      if (grounds.length > 4000) throw badInput('input.grounds', `must be at most 4000 characters, got ${grounds.length}`);
      const today = chinaToday();
      const queryCode = newQueryCode();
      const row = await store.file(
        { recordId: record.recordId, subjectId: record.subjectId, reportingUnitId: record.reportingUnitId, grounds, verifyBy: calendar.addWorkingDays(today, limits.verifyDays) },
        queryCode,
        today,
        describePrincipal(ctx.principal),
      );
      ctx.audit.note('OBJECTION', [record.subjectId], 'MUTATION');
      return { objection: row, queryCode };
    },

    /** Once, with a reason, up to the overall limit counted from the day it was raised. */
    async extend(ctx: PolicyScope, id: string, reason: string) {
      const row = await openObjection(ctx, id);
      if (row.extended) throw badInput('id', 'the verification period was already extended once');
      if (!reason.trim()) throw badInput('reason', 'is empty: say why verification needs longer');
      const submitted = new Date(row.submittedAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const verifyBy = calendar.addWorkingDays(submitted, limits.maxDays);
      const updated = await store.update(row.id, { extended: true, verifyBy }, { state: 'EXTENDED', by: describePrincipal(ctx.principal), reason: reason.trim() }, null);
      if (!updated) throw conflict('the objection changed meanwhile: reload it and try again');
      ctx.audit.note('OBJECTION', [row.subjectId], 'MUTATION');
      return updated;
    },

    async resolve(ctx: PolicyScope, id: string, outcome: Outcome, reason: string) {
      const row = await openObjection(ctx, id);
      if (!reason.trim()) throw badInput('reason', 'is empty: the subject is told why');
      const updated = await store.update(
        row.id,
        { state: outcome, resolvedAt: new Date(), outcomeReason: reason.trim() },
        { state: outcome, by: describePrincipal(ctx.principal), reason: reason.trim() },
        outcome,
      );
      if (!updated) throw conflict('the objection changed meanwhile: reload it and try again');
      ctx.audit.note('OBJECTION', [row.subjectId], 'MUTATION');
      return updated;
    },
  };
}

export type Objections = ReturnType<typeof createObjections>;
