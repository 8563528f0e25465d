import { and, eq, inArray, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { PERSON_ID_PATTERN } from '../kit/personal-data.js';
import type { Principal, Role } from '../kit/principal.js';

/** Lists the notice makes public (§10 serious dishonesty is published; §14 exemplars); key attention stays internal. */
export const PUBLIC_LISTS = ['RED', 'JOINT_PUNISHMENT'];

type Access = 'all' | 'own' | 'public' | 'none';

/** Per role: list memberships, supervision levels, Loucheng points (persons only, never public). */
const ACCESS: Record<Role, { memberships: Access; supervision: Access; points: Access }> = {
  PUBLIC: { memberships: 'public', supervision: 'none', points: 'none' },
  ANALYST: { memberships: 'public', supervision: 'none', points: 'none' },
  FINANCIAL_INSTITUTION: { memberships: 'public', supervision: 'none', points: 'none' },
  SUBJECT: { memberships: 'own', supervision: 'own', points: 'own' },
  MEMBER_UNIT: { memberships: 'all', supervision: 'all', points: 'none' },
  CREDIT_OFFICE: { memberships: 'all', supervision: 'all', points: 'all' },
};

function publicMembership(subjectId: PgColumn, list: PgColumn): SQL {
  return and(inArray(list, PUBLIC_LISTS), notLike(subjectId, PERSON_ID_PATTERN))!;
}

export function membershipsVisibleTo(principal: Principal, subjectId: PgColumn, list: PgColumn): SQL | undefined {
  switch (ACCESS[principal.role].memberships) {
    case 'all':
      return undefined;
    case 'own':
      return or(eq(subjectId, principal.subjectId ?? ''), publicMembership(subjectId, list));
    case 'public':
      return publicMembership(subjectId, list);
    case 'none':
      return sql`false`;
  }
}

/** Field-level: may this caller read subject S's supervision level / points? */
export function mayRead(principal: Principal, what: 'supervision' | 'points', subjectId: string): boolean {
  const access = ACCESS[principal.role][what];
  return access === 'all' || (access === 'own' && principal.subjectId === subjectId);
}
