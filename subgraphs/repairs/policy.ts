import { eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldPolicy } from '../kit/field-policy.js';
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

/**
 * Fields: every field this subgraph serves. Cases are visible only as whole rows to those the row rule
 * admits (the subject, the reporting unit, the credit office), so no field needs a rule of its own yet.
 */
export const REPAIRS_FIELD_POLICY: FieldPolicy<any> = {
  Query: { public: ['repairApplication', 'objection'] },
  RepairApplication: {
    public: ['id', 'number', 'record', 'subject', 'state', 'greenChannel', 'submittedAt', 'acceptBy', 'decideBy', 'decidedAt', 'reason', 'history'],
  },
  Objection: {
    public: ['id', 'number', 'record', 'subject', 'state', 'grounds', 'submittedAt', 'verifyBy', 'extended', 'resolvedAt', 'outcomeReason', 'history'],
  },
  StateChange: { public: ['state', 'at', 'by', 'reason'] },
  Subject: { public: ['id', 'repairApplications', 'objections'] },
  CreditRecord: { public: ['id', 'repairApplications', 'objections'] },
};
