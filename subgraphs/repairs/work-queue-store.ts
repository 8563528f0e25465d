import { and, asc, count, eq, getTableColumns, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { awaitingCorrection } from './objection-store.js';
import { OPEN_STATES } from './rules.js';
import { objections, repairApplications, subjectProjection, type ObjectionRow, type RepairApplicationRow } from './tables.js';

/** Where a work queue resumes: after the item with this deadline and case id. */
export interface QueueCursor {
  deadline: string;
  id: string;
}

const a = repairApplications;
const o = objections;

/** The deadline each open case runs to: acceptance, decision, verification, the corrected record's re-send. */
const applicationDeadline = sql`(case when ${a.state} = 'SUBMITTED' then ${a.acceptBy} else coalesce(${a.decideBy}, ${a.acceptBy}) end)`;
const objectionDeadline = sql`(case when ${o.state} = 'SUBMITTED' then ${o.verifyBy} else ${o.correctBy} end)`;

const waitingApplications = (unitId: string | null) =>
  and(inArray(a.state, OPEN_STATES), unitId === null ? undefined : eq(a.reportingUnitId, unitId));
const waitingObjections = (unitId: string | null) =>
  and(or(eq(o.state, 'SUBMITTED'), awaitingCorrection()), unitId === null ? undefined : eq(o.reportingUnitId, unitId));
const afterCursor = (deadline: SQL, id: typeof a.id | typeof o.id, after: QueueCursor | undefined) =>
  after ? sql`(${deadline}, ${id}) > (${after.deadline}::date, ${after.id}::uuid)` : undefined;

/** The SQL of the work queue: open cases of one unit (or all), by deadline then id, one page of each kind. */
export function createWorkQueueStore(db: Db) {
  return {
    /** Up to `limit` applications and up to `limit` objections after the cursor; the caller merges them. */
    async page(
      unitId: string | null,
      limit: number,
      after: QueueCursor | undefined,
    ): Promise<{ applications: RepairApplicationRow[]; objections: ObjectionRow[] }> {
      const [applications, objectionRows] = await Promise.all([
        db
          .select(getTableColumns(a))
          .from(a)
          .where(and(waitingApplications(unitId), afterCursor(applicationDeadline, a.id, after)))
          .orderBy(asc(applicationDeadline), asc(a.id))
          .limit(limit),
        db
          .select(getTableColumns(o))
          .from(o)
          .where(and(waitingObjections(unitId), afterCursor(objectionDeadline, o.id, after)))
          .orderBy(asc(objectionDeadline), asc(o.id))
          .limit(limit),
      ]);
      return { applications, objections: objectionRows };
    },

    async total(unitId: string | null): Promise<number> {
      const [[apps], [objs]] = await Promise.all([
        db.select({ n: count() }).from(a).where(waitingApplications(unitId)),
        db.select({ n: count() }).from(o).where(waitingObjections(unitId)),
      ]);
      return Number(apps?.n ?? 0) + Number(objs?.n ?? 0);
    },

    /** Subjects' tags as repairs holds them (the green channel is granted on them), for a page of applications. */
    async subjectTags(subjectIds: readonly string[]) {
      return db
        .select({ subjectId: subjectProjection.subjectId, tags: subjectProjection.tags })
        .from(subjectProjection)
        .where(inArray(subjectProjection.subjectId, [...subjectIds]));
    },
  };
}

export type WorkQueueStore = ReturnType<typeof createWorkQueueStore>;
