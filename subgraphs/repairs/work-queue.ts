import { forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { dateIdCursor, dateIdKey, pageSize, toConnection } from '../kit/pagination.js';
import { chinaToday } from '../kit/time.js';
import { unitActedFor } from '../kit/access.js';
import type { WorkingCalendar } from './calendar.js';
import { REPAIRS_MESSAGES as M } from './messages.js';
import type { ObjectionRow, RepairApplicationRow } from './tables.js';
import type { QueueCursor, WorkQueueStore } from './work-queue-store.js';

export type WorkItemKind = 'ACCEPT_REPAIR' | 'DECIDE_REPAIR' | 'VERIFY_OBJECTION' | 'SEND_CORRECTION';

export interface WorkItem {
  kind: WorkItemKind;
  id: string;
  number: string;
  application: RepairApplicationRow | null;
  objection: ObjectionRow | null;
  recordId: string;
  subjectId: string;
  reportingUnitId: string;
  submittedOn: string;
  deadline: string;
  workingDaysLeft: number;
  overdue: boolean;
}

/**
 * 待办 (work queue) of a reporting unit: the repair applications to accept or decide, the objections to
 * verify and the corrected records to re-send, each with its deadline in working days. Ordered by deadline
 * and then case id, so what is overdue comes first (most overdue at the top), then the nearest deadline.
 * A member unit sees the cases on the records it reported; the credit office all of them, or one unit's.
 */
export function createWorkQueue(store: WorkQueueStore, calendar: WorkingCalendar) {
  function item(today: string, base: Omit<WorkItem, 'workingDaysLeft' | 'overdue' | 'submittedOn'> & { submittedAt: Date }): WorkItem {
    const { submittedAt, ...rest } = base;
    return {
      ...rest,
      submittedOn: chinaToday(submittedAt),
      workingDaysLeft: calendar.workingDaysLeft(base.deadline, today),
      overdue: base.deadline < today,
    };
  }

  return {
    async page(ctx: PolicyScope, args: { first?: number | null; after?: string | null; unitId?: string | null }) {
      const acted = unitActedFor(ctx.principal, args.unitId);
      if ('refused' in acted) throw forbidden(M.REPAIRS_WORK_QUEUE_OWN_UNIT());
      const size = pageSize(args.first);
      const key = dateIdCursor(args.after);
      const after: QueueCursor | undefined = key && { deadline: key.date, id: key.id };
      const today = chinaToday();
      const [{ applications, objections }, totalCount] = await Promise.all([
        store.page(acted.unitId, size + 1, after),
        store.total(acted.unitId),
      ]);
      const items = [
        ...applications.map((row) =>
          item(today, {
            kind: row.state === 'SUBMITTED' ? 'ACCEPT_REPAIR' : 'DECIDE_REPAIR',
            id: row.id,
            number: row.number,
            application: row,
            objection: null,
            recordId: row.recordId,
            subjectId: row.subjectId,
            reportingUnitId: row.reportingUnitId,
            submittedAt: row.submittedAt,
            deadline: row.state === 'SUBMITTED' ? row.acceptBy : (row.decideBy ?? row.acceptBy),
          }),
        ),
        ...objections.map((row) =>
          item(today, {
            kind: row.state === 'SUBMITTED' ? 'VERIFY_OBJECTION' : 'SEND_CORRECTION',
            id: row.id,
            number: row.number,
            application: null,
            objection: row,
            recordId: row.recordId,
            subjectId: row.subjectId,
            reportingUnitId: row.reportingUnitId,
            submittedAt: row.submittedAt,
            deadline: (row.state === 'SUBMITTED' ? row.verifyBy : row.correctBy)!,
          }),
        ),
      ]
        .sort((x, y) => (x.deadline === y.deadline ? (x.id < y.id ? -1 : 1) : x.deadline < y.deadline ? -1 : 1))
        .slice(0, size + 1);
      const page = items.slice(0, size);
      ctx.audit.note(
        'REPAIR_CASE',
        page.filter((entry) => entry.application).map((entry) => entry.subjectId),
      );
      ctx.audit.note(
        'OBJECTION',
        page.filter((entry) => entry.objection).map((entry) => entry.subjectId),
      );
      return { totalCount, ...toConnection(items, size, (entry) => dateIdKey(entry.deadline, entry.id), after !== undefined) };
    },
  };
}

export type WorkQueue = ReturnType<typeof createWorkQueue>;
