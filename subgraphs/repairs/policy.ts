import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Principal, Role } from '../kit/principal.js';

/** Columns both kinds of case (repair application, objection) share. */
interface CaseColumns {
  subjectId: PgColumn;
  reportingUnitId: PgColumn;
}

const NOTHING = (): SQL => sql`false`;

/**
 * Which cases each role sees as rows. Cases are a subject's own affairs: the public follows one only by
 * its number and query code; the reporting unit sees cases about its own records.
 */
const CASE_POLICY: Record<Role, (principal: Principal, table: CaseColumns) => SQL | undefined> = {
  PUBLIC: NOTHING,
  ANALYST: NOTHING,
  FINANCIAL_INSTITUTION: NOTHING,
  SUBJECT: (principal, table) => eq(table.subjectId, principal.subjectId ?? ''),
  MEMBER_UNIT: (principal, table) => eq(table.reportingUnitId, principal.unitId ?? ''),
  CREDIT_OFFICE: () => undefined,
};

export function casesVisibleTo(principal: Principal, table: CaseColumns): SQL | undefined {
  return CASE_POLICY[principal.role](principal, table);
}
