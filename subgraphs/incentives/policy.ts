import { and, eq, inArray, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldPolicy, RestrictedField } from '../kit/field-policy.js';
import { isPersonSubjectId, PERSON_ID_PATTERN } from '../kit/personal-data.js';
import type { Principal, Role } from '../kit/principal.js';

/** Lists the notice makes public (§10 serious dishonesty is published; §14 exemplars); key attention stays internal. */
export const PUBLIC_LISTS = ['RED', 'JOINT_PUNISHMENT'];

type Access = 'all' | 'own' | 'public' | 'none';

/**
 * Per role: list memberships, supervision levels, Loucheng points (persons only, never public), 信易贷
 * authorisations. Financial institutions read supervision only inside an authorised loan profile.
 */
const ACCESS: Record<Role, { memberships: Access; supervision: Access; points: Access; loans: Access }> = {
  PUBLIC: { memberships: 'public', supervision: 'none', points: 'none', loans: 'none' },
  ANALYST: { memberships: 'public', supervision: 'none', points: 'none', loans: 'none' },
  FINANCIAL_INSTITUTION: { memberships: 'public', supervision: 'none', points: 'none', loans: 'none' },
  SUBJECT: { memberships: 'own', supervision: 'own', points: 'own', loans: 'own' },
  MEMBER_UNIT: { memberships: 'all', supervision: 'all', points: 'none', loans: 'none' },
  CREDIT_OFFICE: { memberships: 'all', supervision: 'all', points: 'all', loans: 'all' },
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

function fieldRule(what: 'supervision' | 'points' | 'loans', reason: string, dataClass: 'SUPERVISION' | 'CREDIT_POINTS' | 'LOAN_PROFILE'): RestrictedField {
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

const connection = (node: string): FieldPolicy<any> => ({
  [`${node}Connection`]: { public: node === 'MeasureDue' ? ['edges', 'pageInfo', 'totalCount'] : ['edges', 'pageInfo'] },
  [`${node}Edge`]: { public: ['node', 'cursor'] },
});

/**
 * Fields: every field this subgraph serves, public (row rules apply) or restricted with its rule. The
 * workflows (measures, loan profiles, manual list entries, points rules) check the caller's role themselves.
 */
export const INCENTIVES_FIELD_POLICY: FieldPolicy<any> = {
  Query: {
    public: ['listMembers', 'measures', 'measuresFor', 'measureCompliance', 'measureComplianceSummary', 'pointsRules', 'loanProfile', 'loanAuthorisations', 'exemplars'],
  },
  Mutation: {
    public: ['addListEntry', 'endListMembership', 'reportMeasureFeedback', 'setPointsRule', 'grantLoanAuthorisation', 'revokeLoanAuthorisation', 'consentToExemplarPublicity', 'withdrawExemplarConsent'],
  },
  Subject: {
    public: ['id', 'listMemberships'],
    restricted: {
      supervision: fieldRule('supervision', 'the supervision level is shown only to member units, the credit office and the subject itself', 'SUPERVISION'),
      creditPoints: fieldRule('points', 'Loucheng credit points are shown only to the person and the credit office', 'CREDIT_POINTS'),
      loanAuthorisations: fieldRule('loans', '信易贷 authorisations are shown only to the subject and the credit office', 'LOAN_PROFILE'),
    },
  },
  ListMembership: { public: ['id', 'list', 'subject', 'reason', 'since', 'until', 'active', 'origin', 'endedAt', 'endReason', 'causedBy'] },
  SupervisionAssessment: { public: ['level', 'reason', 'inspection', 'assessedAt'] },
  PointsAccount: { public: ['balance', 'level', 'history'] },
  PointsEntry: { public: ['id', 'delta', 'kind', 'reason', 'record', 'at'] },
  PointsRule: { public: ['basis', 'points', 'updatedAt'] },
  Measure: { public: ['code', 'label', 'type', 'direction', 'list', 'unitIds', 'units', 'basis'] },
  MeasureFeedback: { public: ['id', 'measure', 'unit', 'subject', 'membership', 'outcome', 'appliedOn', 'result', 'reference', 'reportedAt'] },
  MeasureDue: { public: ['measure', 'unit', 'subject', 'membership', 'applied', 'feedback'] },
  MeasureComplianceCount: { public: ['measure', 'unit', 'due', 'applied', 'notApplied', 'pending'] },
  LoanAuthorisation: { public: ['id', 'subject', 'institution', 'grantedAt', 'validUntil', 'revokedAt', 'active'] },
  LoanProfile: {
    public: ['subject', 'supervision', 'lists', 'negativeRecords', 'positiveRecords', 'epidemicSupplyProducer', 'hardHitSme', 'authorisedUntil'],
  },
  SeverityCount: { public: ['severity', 'count'] },
  KindCount: { public: ['kind', 'count'] },
  Exemplar: { public: ['subject', 'displayName', 'since', 'deeds'] },
  ExemplaryDeed: { public: ['category', 'label', 'decisionDate', 'record'] },
  CreditRecord: { public: ['id'] },
  MemberUnit: { public: ['id'] },
  ...connection('ListMembership'),
  ...connection('MeasureDue'),
  ...connection('Exemplar'),
  PageInfo: { public: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] },
};
