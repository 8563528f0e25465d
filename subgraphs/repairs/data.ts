import { createHash, randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Principal } from '../kit/principal.js';
import { casesVisibleTo } from './policy.js';
import { objections, repairApplications, stateChanges, type ObjectionRow, type RepairApplicationRow, type StateChangeRow } from './tables.js';

/** Query codes are short passwords for progress look-ups: only a salted hash is kept. */
export function hashQueryCode(number: string, code: string): string {
  return createHash('sha256').update(`${number}:${code}`).digest('hex');
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newQueryCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

export interface HistoryStep {
  state: string;
  at: Date;
  by: string;
  reason?: string | null;
}

export type NewApplication = Omit<typeof repairApplications.$inferInsert, 'queryCodeHash'> & { queryCode: string; history: HistoryStep[] };
export type NewObjection = Omit<typeof objections.$inferInsert, 'queryCodeHash'> & { queryCode: string; history: HistoryStep[] };

/** All SQL of the repairs subgraph. */
export function createRepairsData(db: Db) {
  async function insertHistory(caseIds: string[], histories: HistoryStep[][]): Promise<void> {
    const steps = histories.flatMap((history, i) => history.map((step) => ({ ...step, caseId: caseIds[i]! })));
    for (let i = 0; i < steps.length; i += 500) await db.insert(stateChanges).values(steps.slice(i, i + 500));
  }

  type CaseTable = typeof repairApplications | typeof objections;

  async function casesByIds(table: CaseTable, ids: readonly string[], principal: Principal) {
    return db.select().from(table).where(and(inArray(table.id, [...ids]), casesVisibleTo(principal, table)));
  }

  async function casesOf(table: CaseTable, column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) {
    return db
      .select()
      .from(table)
      .where(and(inArray(table[column], [...keys]), casesVisibleTo(principal, table)))
      .orderBy(desc(table.submittedAt));
  }

  async function insertCases(table: CaseTable, rows: (NewApplication | NewObjection)[]): Promise<void> {
    if (!rows.length) return;
    const values = rows.map(({ queryCode, history: _h, ...row }) => ({ ...row, queryCodeHash: hashQueryCode(row.number, queryCode) }));
    const inserted = await db.insert(table).values(values as (typeof table.$inferInsert)[]).returning({ id: table.id });
    await insertHistory(inserted.map((r) => r.id), rows.map((r) => r.history));
  }

  return {
    applicationsByIds: (ids: readonly string[], principal: Principal) => casesByIds(repairApplications, ids, principal) as Promise<RepairApplicationRow[]>,
    applicationsOf: (column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) =>
      casesOf(repairApplications, column, keys, principal) as Promise<RepairApplicationRow[]>,
    objectionsByIds: (ids: readonly string[], principal: Principal) => casesByIds(objections, ids, principal) as Promise<ObjectionRow[]>,
    objectionsOf: (column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) => casesOf(objections, column, keys, principal) as Promise<ObjectionRow[]>,

    /** A case by its number, whoever asks: the caller checks the query code before showing anything. */
    async caseByNumber(number: string): Promise<{ kind: 'REPAIR'; row: RepairApplicationRow } | { kind: 'OBJECTION'; row: ObjectionRow } | null> {
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
      return db.select().from(stateChanges).where(inArray(stateChanges.caseId, [...caseIds])).orderBy(asc(stateChanges.id));
    },

    /** Bulk load for the demo data; the workflow with its transitions comes with the repairs issue. */
    insertApplications: (rows: NewApplication[]) => insertCases(repairApplications, rows),
    insertObjections: (rows: NewObjection[]) => insertCases(objections, rows),

    async ping(): Promise<void> {
      await db.select({ id: repairApplications.id }).from(repairApplications).limit(1);
    },
  };
}

export type RepairsData = ReturnType<typeof createRepairsData>;
