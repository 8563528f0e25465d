import { createHash, randomInt } from 'node:crypto';
import { and, asc, desc, inArray } from 'drizzle-orm';
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

  return {
    applicationsByIds(ids: readonly string[], principal: Principal): Promise<RepairApplicationRow[]> {
      return db.select().from(repairApplications).where(and(inArray(repairApplications.id, [...ids]), casesVisibleTo(principal, repairApplications)));
    },
    applicationsOf(column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal): Promise<RepairApplicationRow[]> {
      return db
        .select()
        .from(repairApplications)
        .where(and(inArray(repairApplications[column], [...keys]), casesVisibleTo(principal, repairApplications)))
        .orderBy(desc(repairApplications.submittedAt));
    },
    objectionsByIds(ids: readonly string[], principal: Principal): Promise<ObjectionRow[]> {
      return db.select().from(objections).where(and(inArray(objections.id, [...ids]), casesVisibleTo(principal, objections)));
    },
    objectionsOf(column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal): Promise<ObjectionRow[]> {
      return db
        .select()
        .from(objections)
        .where(and(inArray(objections[column], [...keys]), casesVisibleTo(principal, objections)))
        .orderBy(desc(objections.submittedAt));
    },
    /** Callers pass only ids of cases they were allowed to see. */
    historyOf(caseIds: readonly string[]): Promise<StateChangeRow[]> {
      return db.select().from(stateChanges).where(inArray(stateChanges.caseId, [...caseIds])).orderBy(asc(stateChanges.id));
    },

    /** Bulk load for the demo data; the workflow with its transitions comes with the repairs issue. */
    async insertApplications(rows: NewApplication[]): Promise<void> {
      if (!rows.length) return;
      const inserted = await db
        .insert(repairApplications)
        .values(rows.map(({ queryCode, history: _h, ...row }) => ({ ...row, queryCodeHash: hashQueryCode(row.number, queryCode) })))
        .returning({ id: repairApplications.id });
      await insertHistory(inserted.map((r) => r.id), rows.map((r) => r.history));
    },
    async insertObjections(rows: NewObjection[]): Promise<void> {
      if (!rows.length) return;
      const inserted = await db
        .insert(objections)
        .values(rows.map(({ queryCode, history: _h, ...row }) => ({ ...row, queryCodeHash: hashQueryCode(row.number, queryCode) })))
        .returning({ id: objections.id });
      await insertHistory(inserted.map((r) => r.id), rows.map((r) => r.history));
    },

    async ping(): Promise<void> {
      await db.select({ id: repairApplications.id }).from(repairApplications).limit(1);
    },
  };
}

export type RepairsData = ReturnType<typeof createRepairsData>;
