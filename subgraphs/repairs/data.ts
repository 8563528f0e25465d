import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { Principal } from '../kit/principal.js';
import { casesVisibleTo } from './policy.js';
import {
  objections,
  repairApplications,
  stateChanges,
  type ObjectionRow,
  type RepairApplicationRow,
  type StateChangeRow,
} from './tables.js';

/** Query codes are short passwords for progress look-ups: only a salted hash is kept. */
export function hashQueryCode(number: string, code: string): string {
  return createHash('sha256').update(`${number}:${code}`).digest('hex');
}

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newQueryCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Crockford base32: no I, L, O or U, so a number read aloud or copied by hand survives. */
const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const NUMBER_RANDOM_CHARS = 10;

/**
 * A case number (XF20261201…, YY20261201…): the readable prefix and filing day, then 10 random
 * characters (50 bits) instead of a sequence, so nobody can guess another applicant's number and spend
 * its progress look-up attempts. Upper case, as the progress look-up upper-cases what it is given.
 * Certificates keep sequential numbers (kit/numbering.ts): they are cited publicly.
 */
export function newCaseNumber(prefix: 'XF' | 'YY', day: string): string {
  // 256 is a multiple of 32: the low five bits of each byte are uniform.
  const random = [...randomBytes(NUMBER_RANDOM_CHARS)].map((byte) => NUMBER_ALPHABET[byte & 31]).join('');
  return `${prefix}${day.replaceAll('-', '')}${random}`;
}

/** Tries a fresh number until one is free (the unique index decides); a collision is a 2^-50 event, five tries are plenty. */
export async function withFreshNumber<T>(prefix: 'XF' | 'YY', day: string, insert: (number: string) => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await insert(newCaseNumber(prefix, day));
    if (row !== undefined) return row;
  }
  throw new Error(`no free ${prefix} case number after 5 attempts`);
}

export interface HistoryStep {
  state: string;
  at: Date;
  by: string;
  reason?: string | null;
}

/** All SQL of the repairs subgraph. */
export function createRepairsData(db: Db) {
  type CaseTable = typeof repairApplications | typeof objections;

  async function casesByIds(table: CaseTable, ids: readonly string[], principal: Principal) {
    return db
      .select()
      .from(table)
      .where(and(inArray(table.id, [...ids]), casesVisibleTo(principal, table)));
  }

  async function casesOf(table: CaseTable, column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) {
    return db
      .select()
      .from(table)
      .where(and(inArray(table[column], [...keys]), casesVisibleTo(principal, table)))
      .orderBy(desc(table.submittedAt));
  }

  return {
    applicationsByIds: (ids: readonly string[], principal: Principal) =>
      casesByIds(repairApplications, ids, principal) as Promise<RepairApplicationRow[]>,
    applicationsOf: (column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) =>
      casesOf(repairApplications, column, keys, principal) as Promise<RepairApplicationRow[]>,
    objectionsByIds: (ids: readonly string[], principal: Principal) => casesByIds(objections, ids, principal) as Promise<ObjectionRow[]>,
    objectionsOf: (column: 'subjectId' | 'recordId', keys: readonly string[], principal: Principal) =>
      casesOf(objections, column, keys, principal) as Promise<ObjectionRow[]>,

    /** A case by its number, whoever asks: the caller checks the query code before showing anything. */
    async caseByNumber(
      number: string,
    ): Promise<{ kind: 'REPAIR'; row: RepairApplicationRow } | { kind: 'OBJECTION'; row: ObjectionRow } | null> {
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

export type RepairsData = ReturnType<typeof createRepairsData>;
