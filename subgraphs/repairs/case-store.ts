import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import {
  objections,
  repairApplications,
  stateChanges,
  type ObjectionRow,
  type RepairApplicationRow,
  type StateChangeRow,
} from './tables.js';

/** A case as its number finds it: a repair application (XF…) or an objection (YY…). */
export type CaseByNumber = { kind: 'REPAIR'; row: RepairApplicationRow } | { kind: 'OBJECTION'; row: ObjectionRow };

/**
 * The SQL that reads both kinds of case (repair applications, objections) and their history. Which rows a
 * caller may see is policy.ts's, passed in as `visible`.
 */
export function createCaseStore(db: Db) {
  const a = repairApplications;
  const o = objections;
  return {
    async applicationsByIds(ids: readonly string[], visible: SQL | undefined): Promise<RepairApplicationRow[]> {
      return db
        .select()
        .from(a)
        .where(and(inArray(a.id, [...ids]), visible));
    },
    /** A page's subjects' or records' applications, newest first. */
    async applicationsOf(
      column: 'subjectId' | 'recordId',
      keys: readonly string[],
      visible: SQL | undefined,
    ): Promise<RepairApplicationRow[]> {
      return db
        .select()
        .from(a)
        .where(and(inArray(a[column], [...keys]), visible))
        .orderBy(desc(a.submittedAt));
    },
    async objectionsByIds(ids: readonly string[], visible: SQL | undefined): Promise<ObjectionRow[]> {
      return db
        .select()
        .from(o)
        .where(and(inArray(o.id, [...ids]), visible));
    },
    /** A page's subjects' or records' objections, newest first. */
    async objectionsOf(column: 'subjectId' | 'recordId', keys: readonly string[], visible: SQL | undefined): Promise<ObjectionRow[]> {
      return db
        .select()
        .from(o)
        .where(and(inArray(o[column], [...keys]), visible))
        .orderBy(desc(o.submittedAt));
    },

    /** A case by its number, whoever asks: the caller checks the query code before showing anything. */
    async caseByNumber(number: string): Promise<CaseByNumber | null> {
      if (number.startsWith('XF')) {
        const [row] = await db.select().from(repairApplications).where(eq(repairApplications.number, number));
        return row ? { kind: 'REPAIR', row } : null;
      }
      if (number.startsWith('YY')) {
        const [row] = await db.select().from(objections).where(eq(objections.number, number));
        return row ? { kind: 'OBJECTION', row } : null;
      }
      return null;
    },

    /** Callers pass only ids of cases they were allowed to see. */
    async historyOf(caseIds: readonly string[]): Promise<StateChangeRow[]> {
      return db
        .select()
        .from(stateChanges)
        .where(inArray(stateChanges.caseId, [...caseIds]))
        .orderBy(asc(stateChanges.id));
    },

    async ping(): Promise<void> {
      await db.select({ id: repairApplications.id }).from(repairApplications).limit(1);
    },
  };
}

export type CaseStore = ReturnType<typeof createCaseStore>;
