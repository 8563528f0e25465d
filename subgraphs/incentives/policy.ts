import { and, eq, inArray, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldPolicy, RestrictedField } from '../kit/field-policy.js';
import { isPersonSubjectId, PERSON_ID_PATTERN } from '../kit/personal-data.js';
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

function fieldRule(what: 'supervision' | 'points', reason: string, dataClass: 'SUPERVISION' | 'CREDIT_POINTS'): RestrictedField {
  return {
    reason,
    access: (ctx, subject: { id: string }) => {
      if (what === 'points' && !isPersonSubjectId(subject.id)) return 'full'; // organisations have no points: plain null
      const access = ACCESS[ctx.principal.role][what];
      return access === 'all' || (access === 'own' && ctx.principal.subjectId === subject.id) ? 'full' : 'deny';
    },
    audit: { dataClass, subjectOf: (subject: { id: string }) => subject.id },
  };
}

export function isPublicMembership(row: { subjectId: string; list: string }): boolean {
  return PUBLIC_LISTS.includes(row.list) && !isPersonSubjectId(row.subjectId);
}

/** Fields: every field this subgraph serves, public (row rules apply) or restricted with its rule. */
export const INCENTIVES_FIELD_POLICY: FieldPolicy<any> = {
  Query: { public: ['listMembers'] },
  Subject: {
    public: ['id', 'listMemberships'],
    restricted: {
      supervision: fieldRule('supervision', 'the supervision level is shown only to member units, the credit office and the subject itself', 'SUPERVISION'),
      creditPoints: fieldRule('points', 'Loucheng credit points are shown only to the person and the credit office', 'CREDIT_POINTS'),
    },
  },
  ListMembership: { public: ['id', 'list', 'subject', 'reason', 'since', 'until', 'active', 'causedBy'] },
  SupervisionAssessment: { public: ['level', 'reason', 'assessedAt'] },
  PointsAccount: { public: ['balance', 'level', 'history'] },
  PointsEntry: { public: ['id', 'delta', 'reason', 'record', 'at'] },
  CreditRecord: { public: ['id'] },
  ListMembershipConnection: { public: ['edges', 'pageInfo'] },
  ListMembershipEdge: { public: ['node', 'cursor'] },
  PageInfo: { public: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] },
};
