import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { describePrincipal } from '../kit/audit.js';
import type { Db } from '../kit/db.js';
import { badInput, forbidden, notFound } from '../kit/errors.js';
import { publish } from '../kit/events.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { isRealDate } from '../kit/scalars.js';
import { addDays, chinaToday } from '../kit/time.js';
import { categoryEntry } from './catalogue.js';
import { recordEvent, type RectificationExtension } from './intake-store.js';
import { creditRecords, recordsOutbox, type CreditRecordRow } from './tables.js';
import { isResponsibleFor } from '../kit/access.js';

const MAX_EXTENSION_DAYS = 180;

/** Rectification (整改) and commitment fulfilment: changes only the reporting unit or the credit office makes. */
export function createWorkflow(db: Db) {
  /** Loads the record for update, checks the caller may change it, applies the change, publishes it. */
  async function change(ctx: PolicyScope, recordId: string, decide: (row: CreditRecordRow) => Partial<typeof creditRecords.$inferInsert>): Promise<CreditRecordRow> {
    const id = asUuid(recordId);
    if (!id) throw notFound(`credit record ${recordId}`);
    const changed = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(creditRecords).where(eq(creditRecords.id, id)).for('update');
      if (!row) throw notFound(`credit record ${recordId}`);
      const { principal } = ctx;
      if (!isResponsibleFor(principal, row.reportingUnitId)) {
        throw forbidden('only the unit that reported the record, or the credit office, may change it');
      }
      const [updated] = await tx.update(creditRecords).set({ ...decide(row), updatedAt: new Date() }).where(eq(creditRecords.id, id)).returning();
      await publish(tx, recordsOutbox, [recordEvent('record.changed', updated!, categoryEntry(updated!.category)?.label ?? updated!.category)]);
      return updated!;
    });
    ctx.audit.note(changed.subjectIsPerson ? 'PERSON_RECORD' : 'CREDIT_RECORD', [changed.subjectId], 'MUTATION');
    return changed;
  }

  return {
    extendRectification(ctx: PolicyScope, recordId: string, days: number, reason: string) {
      if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) throw badInput('days', `must be a whole number from 1 to ${MAX_EXTENSION_DAYS}, got ${days}`);
      if (!reason.trim()) throw badInput('reason', 'is empty: say why the period is extended');
      return change(ctx, recordId, (row) => {
        if (!row.rectificationDeadline) throw badInput('recordId', 'this record has no rectification deadline to extend');
        if (row.rectificationOutcome) throw badInput('recordId', `rectification is already closed (${row.rectificationOutcome})`);
        const extension: RectificationExtension = { days, reason: reason.trim(), by: describePrincipal(ctx.principal), at: new Date().toISOString() };
        return { rectificationDeadline: addDays(row.rectificationDeadline, days), rectificationExtensions: [...(row.rectificationExtensions as RectificationExtension[]), extension] };
      });
    },

    recordRectification(ctx: PolicyScope, recordId: string, outcome: 'RECTIFIED' | 'NOT_RECTIFIED', on: string) {
      if (!isRealDate(on) || on > chinaToday()) throw badInput('on', `${on} must be a real date, not in the future`);
      return change(ctx, recordId, (row) => {
        if (!row.rectificationDeadline) throw badInput('recordId', 'this record requires no rectification');
        if (on < row.decisionDate) throw badInput('on', 'is before the decision date');
        return { rectificationOutcome: outcome, rectifiedOn: on };
      });
    },

    fulfilCommitment(ctx: PolicyScope, recordId: string) {
      return change(ctx, recordId, (row) => {
        if (row.kind !== 'COMMITMENT') throw badInput('recordId', `${row.category} is not a commitment`);
        if (row.commitmentStatus === 'BREACHED') throw badInput('recordId', 'this commitment was breached and cannot be marked fulfilled');
        return { commitmentStatus: 'FULFILLED' };
      });
    },

    /** Deadlines passed without an outcome: the caller's own unit's records (the credit office sees all). */
    async overdueRectifications(unitId: string | null, size: number, after: { decisionDate: string; id: string } | undefined) {
      return db
        .select()
        .from(creditRecords)
        .where(
          and(
            isNotNull(creditRecords.rectificationDeadline),
            isNull(creditRecords.rectificationOutcome),
            lt(creditRecords.rectificationDeadline, chinaToday()),
            unitId ? eq(creditRecords.reportingUnitId, unitId) : undefined,
            after ? sql`(${creditRecords.decisionDate}, ${creditRecords.id}) < (${after.decisionDate}::date, ${after.id}::uuid)` : undefined,
          ),
        )
        .orderBy(desc(creditRecords.decisionDate), desc(creditRecords.id))
        .limit(size + 1);
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;
