import { and, arrayOverlaps, asc, count, eq, gt, ilike, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { publish, type Tx } from '../kit/events.js';
import { insertFrom, rowsFrom } from '../kit/row-sets.js';
import type { StatisticsRow } from '../kit/statistics.js';
import type { SubjectDimension, SubjectFilter } from './generated/graphql.js';
import { registeredEvent } from './subject-events.js';
import { subjects, subjectsOutbox, type SubjectRow } from './tables.js';

const DIMENSIONS: Record<SubjectDimension, SQL> = {
  KIND: sql`${subjects.kind}`,
  DISTRICT: sql`${subjects.district}`,
  INDUSTRY: sql`${subjects.industry}`,
  STATUS: sql`${subjects.status}`,
  TAG: sql`unnest(${subjects.tags})`,
};

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `findsPersonsByName`: policy's mayFindPersonsByName; otherwise a name search matches organisations only. */
function filterSql(filter: SubjectFilter | null | undefined, findsPersonsByName: boolean): SQL[] {
  if (!filter) return [];
  const byName = filter.nameContains ? ilike(subjects.name, `%${escapeLike(filter.nameContains)}%`) : undefined;
  const parts: (SQL | undefined)[] = [
    byName && !findsPersonsByName ? and(byName, ne(subjects.kind, 'NATURAL_PERSON')) : byName,
    filter.creditCode ? eq(subjects.creditCode, filter.creditCode.trim().toUpperCase()) : undefined,
    filter.kinds?.length ? inArray(subjects.kind, filter.kinds) : undefined,
    filter.district ? eq(subjects.district, filter.district) : undefined,
    filter.industry ? eq(subjects.industry, filter.industry) : undefined,
    filter.tags?.length ? arrayOverlaps(subjects.tags, filter.tags) : undefined,
  ];
  return parts.filter((part): part is SQL => part !== undefined);
}

/**
 * The SQL of reading credit files. Which persons' files a caller sees is the row rule of the one asking
 * (policy.ts subjectRowsVisibleTo), given as `visible`.
 */
export function createSubjectStore(db: Db) {
  return {
    async subjectsByIds(ids: readonly string[], visible: SQL | undefined): Promise<SubjectRow[]> {
      return db
        .select()
        .from(subjects)
        .where(and(inArray(subjects.id, [...ids]), visible));
    },

    async subjectByCreditCode(code: string, visible: SQL | undefined): Promise<SubjectRow | null> {
      const [row] = await db
        .select()
        .from(subjects)
        .where(and(eq(subjects.creditCode, code), visible));
      return row ?? null;
    },

    /** Totals and natural-person counts per group, over all subjects: aggregates, never rows. */
    async statistics(dimension: SubjectDimension): Promise<StatisticsRow[]> {
      // A set-returning unnest() may not sit inside coalesce(): subjects without tags simply form no TAG group.
      const key = dimension === 'TAG' ? DIMENSIONS.TAG : sql`coalesce(${DIMENSIONS[dimension]}, '(none)')`;
      const rows = await db
        .select({
          key: sql<string>`${key}`,
          total: count(),
          persons: sql<number>`count(*) filter (where ${subjects.kind} = 'NATURAL_PERSON')`,
        })
        .from(subjects)
        .groupBy(sql`1`)
        .orderBy(sql`1`);
      return rows.map((row) => ({ key: String(row.key), total: Number(row.total), persons: Number(row.persons) }));
    },

    /** Ordered by id; fetches one row more than the page to know whether another page follows. */
    async searchSubjects(
      filter: SubjectFilter | null | undefined,
      size: number,
      afterId: string | undefined,
      visible: SQL | undefined,
      findsPersonsByName: boolean,
    ) {
      const where = and(visible, ...filterSql(filter, findsPersonsByName));
      const page = await db
        .select()
        .from(subjects)
        .where(and(where, afterId === undefined ? undefined : gt(subjects.id, afterId)))
        .orderBy(asc(subjects.id))
        .limit(size + 1);
      return { page, countTotal: async () => (await db.select({ n: count() }).from(subjects).where(where))[0]?.n ?? 0 };
    },

    async isEmpty(): Promise<boolean> {
      return (await db.select({ id: subjects.id }).from(subjects).limit(1)).length === 0;
    },

    async ping(): Promise<void> {
      await db.select({ id: subjects.id }).from(subjects).limit(1);
    },
  };
}

export type SubjectStore = ReturnType<typeof createSubjectStore>;

/**
 * Opens the credit files of subjects first met in reports, in the given order, with their events. An existing
 * file is left as it is: the registry's data wins over a name a unit typed.
 */
export async function openCreditFiles(tx: Tx, seen: SubjectSeen[]): Promise<void> {
  if (!seen.length) return;
  const rows = seen.map((subject) => ({
    id: subject.subjectId,
    kind: subject.kind,
    name: subject.name,
    creditCode: subject.creditCode,
    creditCodeChecksumValid: subject.creditCodeChecksumValid,
    idNumberEncrypted: subject.idNumberEncrypted,
    idNumberMasked: subject.idNumberMasked,
  }));
  const opened = rowsFrom<SubjectRow>(subjects, await tx.execute(sql`${insertFrom(subjects, rows)} on conflict do nothing returning *`));
  const order = new Map(seen.map((subject, i) => [subject.subjectId, i]));
  opened.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  await publish(tx, subjectsOutbox, opened.map(registeredEvent));
}
