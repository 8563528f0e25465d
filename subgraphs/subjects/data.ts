import { and, arrayOverlaps, asc, count, eq, gt, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import type { SubjectRegistered, UnitRegistered } from '../kit/event-contracts.js';
import { publish, type NewEvent } from '../kit/events.js';
import { decryptIdNumber, personSubjectId } from '../kit/personal-data.js';
import type { Principal } from '../kit/principal.js';
import { mayFindPersonsByName, PERSON_ROW_POLICY } from './policy.js';
import { memberUnits, subjects, subjectsOutbox, type MemberUnitRow, type SubjectRow } from './tables.js';
import { unitOf } from '../kit/access.js';

export interface SubjectFilter {
  nameContains?: string | null;
  creditCode?: string | null;
  kinds?: string[] | null;
  district?: string | null;
  industry?: string | null;
  tags?: string[] | null;
}

export interface Keys {
  pseudonymKey: Buffer;
  idEncryptionKey: Buffer;
}

export type SubjectDimension = 'KIND' | 'DISTRICT' | 'INDUSTRY' | 'STATUS' | 'TAG';

const DIMENSIONS: Record<SubjectDimension, SQL> = {
  KIND: sql`${subjects.kind}`,
  DISTRICT: sql`${subjects.district}`,
  INDUSTRY: sql`${subjects.industry}`,
  STATUS: sql`${subjects.status}`,
  TAG: sql`unnest(${subjects.tags})`,
};

/** What other subgraphs may know of a credit file: kind and town, never names or numbers. */
export function registeredEvent(row: SubjectRow): NewEvent {
  const payload: SubjectRegistered = { subjectId: row.id, kind: row.kind, district: row.district, tags: row.tags };
  return { type: 'subject.registered', subjectId: row.id, payload: { ...payload } };
}

/** Who may be named as a financial institution or a unit applying measures: id, name and kind only. */
function unitRegisteredEvent(row: MemberUnitRow): NewEvent {
  const payload: UnitRegistered = { unitId: row.id, name: row.name, kind: row.kind };
  return { type: 'unit.registered', subjectId: row.id, payload: { ...payload } };
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** All SQL of the subjects subgraph. */
export function createSubjectsData(db: Db, keys: Keys) {
  /** Member units change rarely; their duties are read once a minute, not once a request. */
  let unitCache: { at: number; duties: Map<string, string[]> } | undefined;
  async function unitDuties(unitId: string): Promise<string[]> {
    if (!unitCache || Date.now() - unitCache.at > 60_000) {
      const rows = await db.select({ id: memberUnits.id, duties: memberUnits.duties }).from(memberUnits);
      unitCache = { at: Date.now(), duties: new Map(rows.map((row) => [row.id, row.duties])) };
    }
    return unitCache.duties.get(unitId) ?? [];
  }

  async function dutiesOf(principal: Principal): Promise<string[]> {
    const unit = unitOf(principal);
    return unit ? unitDuties(unit) : [];
  }

  async function visibleTo(principal: Principal): Promise<SQL | undefined> {
    const duties = await dutiesOf(principal);
    switch (PERSON_ROW_POLICY[principal.role](duties)) {
      case 'all':
        return undefined;
      case 'own':
        return or(ne(subjects.kind, 'NATURAL_PERSON'), eq(subjects.id, principal.subjectId ?? ''));
      case 'none':
        return ne(subjects.kind, 'NATURAL_PERSON');
    }
  }

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

  return {
    unitDuties,

    async subjectsByIds(ids: readonly string[], principal: Principal): Promise<SubjectRow[]> {
      return db
        .select()
        .from(subjects)
        .where(and(inArray(subjects.id, [...ids]), await visibleTo(principal)));
    },

    async subjectByCreditCode(code: string, principal: Principal): Promise<SubjectRow | null> {
      const [row] = await db
        .select()
        .from(subjects)
        .where(and(eq(subjects.creditCode, code), await visibleTo(principal)));
      return row ?? null;
    },

    /** Totals and natural-person counts per group, over all subjects: aggregates, never rows. */
    async statistics(dimension: SubjectDimension): Promise<{ key: string; total: number; persons: number }[]> {
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

    personIdFor(idNumber: string): string {
      return personSubjectId(idNumber, keys.pseudonymKey);
    },

    /** Ordered by id; fetches one row more than the page to know whether another page follows. */
    async searchSubjects(filter: SubjectFilter | null | undefined, size: number, afterId: string | undefined, principal: Principal) {
      const findsPersonsByName = mayFindPersonsByName(principal, await dutiesOf(principal));
      const where = and(await visibleTo(principal), ...filterSql(filter, findsPersonsByName));
      const page = await db
        .select()
        .from(subjects)
        .where(and(where, afterId === undefined ? undefined : gt(subjects.id, afterId)))
        .orderBy(asc(subjects.id))
        .limit(size + 1);
      return { page, countTotal: async () => (await db.select({ n: count() }).from(subjects).where(where))[0]?.n ?? 0 };
    },

    revealIdNumber(row: SubjectRow): string | null {
      return row.idNumberEncrypted ? decryptIdNumber(row.idNumberEncrypted, keys.idEncryptionKey) : null;
    },

    async memberUnitsByIds(ids: readonly string[]): Promise<MemberUnitRow[]> {
      return db
        .select()
        .from(memberUnits)
        .where(inArray(memberUnits.id, [...ids]));
    },

    async allMemberUnits(): Promise<MemberUnitRow[]> {
      return db.select().from(memberUnits).orderBy(asc(memberUnits.id));
    },

    async isEmpty(): Promise<boolean> {
      return (await db.select({ id: subjects.id }).from(subjects).limit(1)).length === 0;
    },

    async registerMemberUnits(rows: MemberUnitRow[]): Promise<void> {
      if (!rows.length) return;
      await db.transaction(async (tx) => {
        const inserted = await tx.insert(memberUnits).values(rows).onConflictDoNothing().returning();
        await publish(tx, subjectsOutbox, inserted.map(unitRegisteredEvent));
      });
    },

    async ping(): Promise<void> {
      await db.select({ id: subjects.id }).from(subjects).limit(1);
    },
  };
}

export type SubjectsData = ReturnType<typeof createSubjectsData>;
