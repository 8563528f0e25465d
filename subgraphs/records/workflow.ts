import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { badInput, forbidden, notFound } from '../kit/errors.js';
import { publish } from '../kit/events.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { asUuid } from '../kit/ids.js';
import { chinaToday } from '../kit/time.js';
import { categoryEntry } from './catalogue.js';
import { recordEvent } from './intake-store.js';
import { creditRecords, recordsOutbox, type CreditRecordRow } from './tables.js';
import { isResponsibleFor } from '../kit/access.js';

/** Commitment fulfilment and the overdue-rectification list (rectification itself: rectification.ts). */
export function createWorkflow(db: Db) {
  /** Loads the record for update, checks the caller may change it, applies the change, publishes it. */
  async function change(
    ctx: PolicyScope,
    recordId: string,
    decide: (row: CreditRecordRow) => Partial<typeof creditRecords.$inferInsert>,
  ): Promise<CreditRecordRow> {
    const id = asUuid(recordId);
    if (!id) throw notFound(`credit record ${recordId}`);
    const changed = await db.transaction(async (tx) => {
      const [row] = await tx.select().from(creditRecords).where(eq(creditRecords.id, id)).for('update');
      if (!row) throw notFound(`credit record ${recordId}`);
      const { principal } = ctx;
      if (!isResponsibleFor(principal, row.reportingUnitId)) {
        throw forbidden('only the unit that reported the record, or the credit office, may change it');
      }
      const [updated] = await tx
        .update(creditRecords)
        .set({ ...decide(row), updatedAt: new Date() })
        .where(eq(creditRecords.id, id))
        .returning();
      await publish(tx, recordsOutbox, [
        recordEvent('record.changed', updated!, categoryEntry(updated!.category)?.label ?? updated!.category),
      ]);
      return updated!;
    });
    ctx.audit.note(changed.subjectIsPerson ? 'PERSON_RECORD' : 'CREDIT_RECORD', [changed.subjectId], 'MUTATION');
    return changed;
  }

  return {
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
            after
              ? sql`(${creditRecords.decisionDate}, ${creditRecords.id}) < (${after.decisionDate}::date, ${after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(desc(creditRecords.decisionDate), desc(creditRecords.id))
        .limit(size + 1);
    },
  };
}

export type Workflow = ReturnType<typeof createWorkflow>;
