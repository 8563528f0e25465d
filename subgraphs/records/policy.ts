import { and, eq, gte, inArray, isNull, lte, not, or, type SQL } from 'drizzle-orm';
import type { Principal, Role } from '../kit/principal.js';
import { categoriesReportableBy } from './catalogue.js';
import { PUBLIC_STATUSES } from './disclosure.js';
import { creditRecords as r } from './tables.js';

/** Statuses under which a record is shared with member units (终止共享 for the rest, kept in the archive). */
const SHARED_STATUSES = ['ACTIVE', 'DISPUTED', 'EXPIRED'];

function publicNow(today: string): SQL {
  return and(
    eq(r.subjectIsPerson, false),
    inArray(r.status, [...PUBLIC_STATUSES]),
    lte(r.publicFrom, today),
    or(isNull(r.publicUntil), gte(r.publicUntil, today)),
  )!;
}

/**
 * Which record rows each role sees, as one SQL filter per role (DESIGN §4). A member unit sees shared
 * organisation records, natural persons' records only in categories its duties cover, and all it reported.
 */
const ROW_POLICY: Record<Role, (principal: Principal, today: string) => SQL | undefined> = {
  PUBLIC: (_, today) => publicNow(today),
  ANALYST: (_, today) => publicNow(today),
  FINANCIAL_INSTITUTION: (_, today) => publicNow(today),
  SUBJECT: (principal, today) => or(eq(r.subjectId, principal.subjectId ?? ''), publicNow(today)),
  MEMBER_UNIT: (principal) => {
    const unit = principal.unitId ?? '';
    const dutyCategories = categoriesReportableBy(unit).map((entry) => entry.code);
    const shared = and(
      inArray(r.status, SHARED_STATUSES),
      or(not(r.subjectIsPerson), dutyCategories.length ? inArray(r.category, dutyCategories) : undefined),
    );
    return or(eq(r.reportingUnitId, unit), shared);
  },
  CREDIT_OFFICE: () => undefined,
};

export function recordRowsVisibleTo(principal: Principal, today: string): SQL | undefined {
  return ROW_POLICY[principal.role](principal, today);
}
