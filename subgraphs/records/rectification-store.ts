import { and, desc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { chinaToday } from '../kit/time.js';
import { afterCursor, type RecordCursor } from './record-store.js';
import { creditRecords } from './tables.js';

/**
 * Rectification's own SQL: the overdue list. Its changes are a record's locked change (record-store.ts
 * changeRecord), which rectification.ts decides.
 */
export function createRectificationStore(db: Db) {
  return {
    /** Deadlines passed without an outcome, newest decision first: one unit's records, or all (`unitId` null). */
    async overdueRectifications(unitId: string | null, size: number, after: RecordCursor | undefined) {
      return db
        .select()
        .from(creditRecords)
        .where(
          and(
            isNotNull(creditRecords.rectificationDeadline),
            isNull(creditRecords.rectificationOutcome),
            lt(creditRecords.rectificationDeadline, chinaToday()),
            unitId ? eq(creditRecords.reportingUnitId, unitId) : undefined,
            afterCursor(after),
          ),
        )
        .orderBy(desc(creditRecords.decisionDate), desc(creditRecords.id))
        .limit(size + 1);
    },
  };
}

export type RectificationStore = ReturnType<typeof createRectificationStore>;
