import { unitOf } from '../kit/access.js';
import { badInput } from '../kit/errors.js';
import { checkCreditCode } from '../kit/identifiers.js';
import { decodeCursor, pageSize, toConnection, type Connection } from '../kit/pagination.js';
import { decryptIdNumber, personSubjectId } from '../kit/personal-data.js';
import type { Principal } from '../kit/principal.js';
import { statisticsBuckets, type StatisticsBucket } from '../kit/statistics.js';
import type { LoaderScope } from '../kit/subgraph.js';
import type { QuerySubjectsArgs, SubjectDimension } from './generated/graphql.js';
import type { MemberUnitStore } from './member-unit-store.js';
import { mayFindPersonsByName, subjectRowsVisibleTo } from './policy.js';
import { canonicalAmount } from './registration.js';
import type { SubjectStore } from './subject-store.js';
import type { SubjectRow } from './tables.js';

export interface SubjectKeys {
  pseudonymKey: Buffer;
  idEncryptionKey: Buffer;
}

/** A page of credit files; the total is counted only when a caller asks for it. */
export interface SubjectPage extends Connection<SubjectRow> {
  countTotal(): Promise<number>;
}

/** 注册资本 as the file holds it: the amount in its one spelling, the currency code as stored. */
export interface StoredCapital {
  amount: string;
  currency: string;
}

/** Every person's file a caller reads is noted for the audit trail. */
export function notePersons(scope: LoaderScope, rows: SubjectRow[]): SubjectRow[] {
  scope.audit.note(
    'PERSON_SUBJECT',
    rows.filter((row) => row.kind === 'NATURAL_PERSON').map((row) => row.id),
  );
  return rows;
}

export function registeredCapitalOf(row: SubjectRow): StoredCapital | null {
  return row.registeredCapitalAmount && row.registeredCapitalCurrency
    ? { amount: canonicalAmount(row.registeredCapitalAmount), currency: row.registeredCapitalCurrency }
    : null;
}

/** Reading credit files as the caller may see them: the row rule of policy.ts, with the duties of the caller's unit. */
export function createSubjectReads(subjects: SubjectStore, units: MemberUnitStore, keys: SubjectKeys) {
  async function dutiesOf(principal: Principal): Promise<string[]> {
    const unit = unitOf(principal);
    return unit ? units.unitDuties(unit) : [];
  }

  async function visibleTo(principal: Principal) {
    return subjectRowsVisibleTo(principal, await dutiesOf(principal));
  }

  async function byCreditCode(code: string, principal: Principal): Promise<SubjectRow | null> {
    return subjects.subjectByCreditCode(code, await visibleTo(principal));
  }

  return {
    async subjectsByIds(ids: readonly string[], principal: Principal): Promise<SubjectRow[]> {
      return subjects.subjectsByIds(ids, await visibleTo(principal));
    },

    /** A well-formed code with a wrong check character may still be one of the registry's flagged historic codes. */
    async subjectByCode(code: string, principal: Principal): Promise<SubjectRow | null> {
      const check = checkCreditCode(code);
      if (check.ok) return byCreditCode(check.value, principal);
      const historic = check.checksumOnly && check.value ? await byCreditCode(check.value, principal) : null;
      if (historic?.creditCodeChecksumValid === false) return historic;
      throw badInput('code', check.reason);
    },

    /** A search, ordered by id; the persons on the page are noted for the audit trail. */
    async searchSubjects(scope: LoaderScope, args: QuerySubjectsArgs): Promise<SubjectPage> {
      const size = pageSize(args.first);
      const afterId = decodeCursor(args.after);
      const duties = await dutiesOf(scope.principal);
      const visible = subjectRowsVisibleTo(scope.principal, duties);
      const findsPersonsByName = mayFindPersonsByName(scope.principal, duties);
      const { page, countTotal } = await subjects.searchSubjects(args.filter, size, afterId, visible, findsPersonsByName);
      notePersons(scope, page);
      return { ...toConnection(page, size, (row) => row.id, afterId !== undefined), countTotal };
    },

    async statistics(dimension: SubjectDimension, principal: Principal): Promise<StatisticsBucket[]> {
      return statisticsBuckets(await subjects.statistics(dimension), principal);
    },

    personIdFor(idNumber: string): string {
      return personSubjectId(idNumber, keys.pseudonymKey);
    },

    revealIdNumber(row: SubjectRow): string | null {
      return row.idNumberEncrypted ? decryptIdNumber(row.idNumberEncrypted, keys.idEncryptionKey) : null;
    },
  };
}

export type SubjectReads = ReturnType<typeof createSubjectReads>;
