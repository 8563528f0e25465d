import { and, eq, inArray, notLike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { FieldPolicy, RestrictedField } from '../kit/field-policy.js';
import { isPersonSubjectId, PERSON_ID_PATTERN } from '../kit/personal-data.js';
import type { Principal, Role } from '../kit/principal.js';
import { isNegativeKind } from '../kit/vocabulary.js';
import { activeMembership } from './membership-store.js';
import { listMemberships, type RecordFactRow } from './tables.js';
import { can, isSelf } from '../kit/access.js';
import type { Message } from '../kit/messages.js';
import { INCENTIVES_MESSAGES as M } from './messages.js';

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

/**
 * 终止公示: a membership of a public list is public only while it is active. Once it ends (repair,
 * withdrawal, by hand, lapsed) it is history that only the subject, member units and the credit office see.
 */
function publicMembership(subjectId: PgColumn, list: PgColumn, active: SQL): SQL {
  return and(inArray(list, PUBLIC_LISTS), notLike(subjectId, PERSON_ID_PATTERN), active)!;
}

/** Rows of list_memberships the caller sees; `active` is the caller's "active today" filter on the same rows. */
export function membershipsVisibleTo(principal: Principal, subjectId: PgColumn, list: PgColumn, active: SQL): SQL | undefined {
  switch (ACCESS[principal.role].memberships) {
    case 'all':
      return undefined;
    case 'own':
      return or(eq(subjectId, principal.subjectId ?? ''), publicMembership(subjectId, list, active));
    case 'public':
      return publicMembership(subjectId, list, active);
    case 'none':
      return sql`false`;
  }
}

/** Rows of list_memberships the caller sees on `today`, as the membership store's filter. */
export function membershipRowsVisibleTo(principal: Principal, today: string): SQL | undefined {
  return membershipsVisibleTo(principal, listMemberships.subjectId, listMemberships.list, activeMembership(today));
}

/** What incentives' projection of records' events knows of a causing record: enough for records' row rule. */
export type CauseFact = Pick<
  RecordFactRow,
  'subjectId' | 'subjectIsPerson' | 'kind' | 'status' | 'decisionDate' | 'publicUntil' | 'deferredUntil' | 'reportingUnitId'
>;

/** Records' statuses shown inside the disclosure window, and those shared with member units (终止共享 for the rest). */
const RECORD_PUBLIC_STATUSES = ['ACTIVE', 'DISPUTED'];
const RECORD_SHARED_STATUSES = ['ACTIVE', 'DISPUTED', 'EXPIRED'];

const deferralOver = (fact: CauseFact, today: string): boolean =>
  fact.status === 'DEFERRED' && fact.deferredUntil !== null && fact.deferredUntil <= today;

/**
 * Records' "public today" read from the projection. Records' window opens on the decision date; a
 * negative record without a public end was never published (轻微失信不予公示), a positive one stays public.
 */
export function isRecordPublicToday(fact: CauseFact, today: string): boolean {
  if (fact.subjectIsPerson) return false;
  if (!RECORD_PUBLIC_STATUSES.includes(fact.status) && !deferralOver(fact, today)) return false;
  const published = !isNegativeKind(fact.kind) || fact.publicUntil !== null;
  return published && fact.decisionDate <= today && (fact.publicUntil === null || fact.publicUntil >= today);
}

/**
 * Which causing records (`ListMembership.causedBy`) the caller may see: records' row rule, so a record
 * the caller may not open is absent rather than an id to collect or a null that voids its parent.
 * Member units: what records shares with them (never a repaired record; withdrawn, exempted or deferred
 * ones only when they reported them). A person's record only when the unit reported it: records alone knows
 * which units' duties cover which categories of persons, so incentives shows no more than the surest share
 * (the unit asks creditRecords for the rest). What records still refuses comes back as a null item
 * (`causedBy: [CreditRecord]!`).
 */
const CAUSE_RULE: Record<Role, (principal: Principal, fact: CauseFact, today: string) => boolean> = {
  PUBLIC: (_, fact, today) => isRecordPublicToday(fact, today),
  ANALYST: (_, fact, today) => isRecordPublicToday(fact, today),
  FINANCIAL_INSTITUTION: (_, fact, today) => isRecordPublicToday(fact, today),
  SUBJECT: (principal, fact, today) => fact.subjectId === principal.subjectId || isRecordPublicToday(fact, today),
  MEMBER_UNIT: (principal, fact, today) =>
    fact.status !== 'REPAIRED' &&
    (fact.reportingUnitId === principal.unitId ||
      (!fact.subjectIsPerson && (RECORD_SHARED_STATUSES.includes(fact.status) || deferralOver(fact, today)))),
  CREDIT_OFFICE: () => true,
};

/** A cause not (yet) in the projection is shown to the credit office only. */
export function causeVisibleTo(principal: Principal, fact: CauseFact | undefined, today: string): boolean {
  if (can(principal, 'administer')) return true;
  return fact !== undefined && CAUSE_RULE[principal.role](principal, fact, today);
}

function fieldRule(
  what: 'supervision' | 'points' | 'loans',
  reason: Message,
  dataClass: 'SUPERVISION' | 'CREDIT_POINTS' | 'LOAN_PROFILE',
): RestrictedField {
  return {
    reason,
    access: (ctx, subject: { id: string }) => {
      if (what === 'points' && !isPersonSubjectId(subject.id)) return 'full'; // organisations have no points: plain null
      const access = ACCESS[ctx.principal.role][what];
      return access === 'all' || (access === 'own' && isSelf(ctx.principal, subject.id)) ? 'full' : 'deny';
    },
    audit: { dataClass, subjectOf: (subject: { id: string }) => subject.id },
  };
}

/** The same rule as publicMembership(), for one row already read (`active`: isActive of that row). */
export function isPublicMembership(row: { subjectId: string; list: string }, active: boolean): boolean {
  return active && PUBLIC_LISTS.includes(row.list) && !isPersonSubjectId(row.subjectId);
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
    public: [
      'listMembers',
      'measures',
      'measuresFor',
      'measureCompliance',
      'measureComplianceSummary',
      'pointsRules',
      'loanProfile',
      'loanAuthorisations',
      'exemplars',
    ],
  },
  Mutation: {
    public: [
      'addListEntry',
      'endListMembership',
      'reportMeasureFeedback',
      'setPointsRule',
      'grantLoanAuthorisation',
      'revokeLoanAuthorisation',
      'consentToExemplarPublicity',
      'withdrawExemplarConsent',
    ],
  },
  Subject: {
    public: ['id', 'listMemberships'],
    restricted: {
      supervision: fieldRule('supervision', M.INCENTIVES_SUPERVISION_FIELD_WHO(), 'SUPERVISION'),
      creditPoints: fieldRule('points', M.INCENTIVES_POINTS_FIELD_WHO(), 'CREDIT_POINTS'),
      loanAuthorisations: fieldRule('loans', M.INCENTIVES_LOANS_FIELD_WHO(), 'LOAN_PROFILE'),
    },
  },
  ListMembership: { public: ['id', 'list', 'subject', 'reason', 'since', 'until', 'active', 'origin', 'endedAt', 'endReason', 'causedBy'] },
  SupervisionAssessment: { public: ['level', 'reason', 'inspection', 'assessedAt'] },
  PointsAccount: { public: ['balance', 'level', 'history'] },
  PointsEntry: { public: ['id', 'delta', 'kind', 'reason', 'record', 'at'] },
  PointsRule: { public: ['basis', 'points', 'updatedAt'] },
  Measure: { public: ['code', 'label', 'type', 'direction', 'list', 'unitIds', 'units', 'basis'] },
  MeasureFeedback: {
    public: ['id', 'measure', 'unit', 'subject', 'membership', 'outcome', 'appliedOn', 'result', 'reference', 'reportedAt'],
  },
  MeasureDue: { public: ['measure', 'unit', 'subject', 'membership', 'applied', 'feedback'] },
  MeasureComplianceCount: { public: ['measure', 'unit', 'due', 'applied', 'notApplied', 'pending'] },
  LoanAuthorisation: { public: ['id', 'subject', 'institution', 'grantedAt', 'validUntil', 'revokedAt', 'active'] },
  LoanProfile: {
    public: [
      'subject',
      'supervision',
      'lists',
      'negativeRecords',
      'positiveRecords',
      'epidemicSupplyProducer',
      'hardHitSme',
      'authorisedUntil',
    ],
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
