import { and, eq, gte, inArray, isNull, lte, not, or, type SQL } from 'drizzle-orm';
import { allowedTo, type FieldPolicy, type PolicyScope, type RestrictedField } from '../kit/field-policy.js';
import type { Principal, Role } from '../kit/principal.js';
import type { Message } from '../kit/messages.js';
import { categoriesReportableBy } from './catalogue.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { PUBLIC_STATUSES, type RecordStatus } from './disclosure.js';
import { administrativeLicences as l, creditRecords as r, type CreditRecordRow } from './tables.js';
import { can, isPartyTo, isSelf, ownSubject, unitOf } from '../kit/access.js';

/** Statuses under which a record is shared with member units (终止共享 for the rest, kept in the archive). */
const SHARED_STATUSES: RecordStatus[] = ['ACTIVE', 'DISPUTED', 'EXPIRED'];

/** The same rule as publicNow(), for one row already read. */
export function isPublicToday(row: CreditRecordRow, today: string): boolean {
  return (
    !row.subjectIsPerson &&
    ((PUBLIC_STATUSES as readonly string[]).includes(row.status) ||
      (row.status === 'DEFERRED' && row.deferredUntil !== null && row.deferredUntil <= today)) &&
    row.publicFrom !== null &&
    row.publicFrom <= today &&
    (row.publicUntil === null || row.publicUntil >= today)
  );
}

function publicNow(today: string): SQL {
  return and(
    eq(r.subjectIsPerson, false),
    // A deferred record is disclosed by itself once its deferral ends.
    or(inArray(r.status, [...PUBLIC_STATUSES]), and(eq(r.status, 'DEFERRED'), lte(r.deferredUntil, today))),
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
  MEMBER_UNIT: (principal, today) => {
    const unit = principal.unitId ?? '';
    const dutyCategories = categoriesReportableBy(unit).map((entry) => entry.code);
    const shared = and(
      or(inArray(r.status, SHARED_STATUSES), and(eq(r.status, 'DEFERRED'), lte(r.deferredUntil, today))),
      or(not(r.subjectIsPerson), dutyCategories.length ? inArray(r.category, dutyCategories) : undefined),
    );
    // A repaired record is seen only by its subject and the credit office (停止共享), even by the unit that reported it.
    return or(and(eq(r.reportingUnitId, unit), not(eq(r.status, 'REPAIRED'))), shared);
  },
  CREDIT_OFFICE: () => undefined,
};

export function recordRowsVisibleTo(principal: Principal, today: string): SQL | undefined {
  return ROW_POLICY[principal.role](principal, today);
}

/**
 * Which administrative licences a caller sees (双公示): every organisation's, whoever asks; a natural person's
 * only by the person, the licensing unit and the credit office, as the facts of a person's record.
 */
export function licenceRowsVisibleTo(principal: Principal): SQL | undefined {
  if (can(principal, 'administer')) return undefined;
  const self = ownSubject(principal);
  const unit = unitOf(principal);
  return or(eq(l.subjectIsPerson, false), self ? eq(l.subjectId, self) : undefined, unit ? eq(l.reportingUnitId, unit) : undefined);
}

/**
 * Statistics never break down one subject's records for a caller who may not read all of them (issue 11):
 * only the credit office, and the subject itself, may filter statistics by subject — everyone else is
 * refused whoever the subject is. The rule reads no data, so an unknown subject and one hidden from the
 * caller are refused alike, and a refusal tells nothing about whether the subject exists.
 */
export function mayCountRecordsOfSubject(principal: Principal, subjectId: string): boolean {
  return can(principal, 'readExactStatistics') || isSelf(principal, subjectId);
}

type Ctx = PolicyScope;

const readsStatistics: RestrictedField<Ctx> = {
  reason: M.RECORDS_STATISTICS_READERS(),
  access: (ctx) => (can(ctx.principal, 'readStatistics') ? 'full' : 'deny'),
};

/** What a person's record says happened is personal: the person, the credit office and the unit that reported it. */
function personalContent(reason: Message): RestrictedField<Ctx> {
  return {
    reason,
    access: (ctx, row: CreditRecordRow) => {
      const { principal } = ctx;
      if (!row.subjectIsPerson) return 'full';
      return isPartyTo(principal, row) ? 'full' : 'deny';
    },
    audit: { dataClass: 'PERSONAL_FACTS', subjectOf: (row: CreditRecordRow) => (row.subjectIsPerson ? row.subjectId : null) },
  };
}

/** The record's own people: its subject, the unit that reported it, the credit office. */
function ownersOnly(reason: Message, ownerOf: (parent: any) => { subjectId: string; reportingUnitId: string }): RestrictedField<Ctx> {
  return {
    reason,
    access: (ctx, parent) => {
      const { principal } = ctx;
      const owner = ownerOf(parent);
      return isPartyTo(principal, owner) ? 'full' : 'deny';
    },
  };
}

const reporters: RestrictedField<Ctx> = {
  reason: M.RECORDS_REPORTERS_ONLY(),
  access: (ctx) => (can(ctx.principal, 'reportRecords') ? 'full' : 'deny'),
};

/** Fields: every field this subgraph serves, public (row rules apply) or restricted with its rule. */
export const RECORDS_FIELD_POLICY: FieldPolicy<any> = {
  Query: {
    public: ['creditRecord', 'creditRecords', 'publicDisclosures', 'recordCategories', 'tolerancePolicies', 'emergencyResponse'],
    restricted: {
      recordStatistics: readsStatistics,
      overdueRectifications: allowedTo('superviseRecords', M.RECORDS_OVERDUE_SUPERVISORS_ONLY()),
    },
  },
  Mutation: {
    public: [],
    restricted: {
      reportRecords: reporters,
      reportRecord: reporters,
      extendRectification: reporters,
      recordRectification: reporters,
      fulfilCommitment: reporters,
      reportLicences: allowedTo('reportLicences', M.RECORDS_LICENCE_REPORTERS_ONLY()),
      endEmergencyResponse: {
        reason: M.RECORDS_EMERGENCY_END_OFFICE_ONLY(),
        access: (ctx) => (can(ctx.principal, 'endEmergencyResponse') ? 'full' : 'deny'),
      },
      setToleranceDeferral: allowedTo('setTolerancePolicies', M.RECORDS_TOLERANCE_DEFERRAL_OFFICE_ONLY()),
    },
  },
  CreditRecord: {
    public: [
      'id',
      'subject',
      'kind',
      'category',
      'categoryInfo',
      'severity',
      'status',
      'reportingUnit',
      'unitReference',
      'decisionDate',
      'legalBasis',
      'disclosure',
      'rectificationDeadline',
      'deferredUntil',
      'toleranceDecision',
      'version',
      'reportedAt',
      'rectification',
      'commitment',
      'breachOf',
      'forceMajeureCertificate',
    ],
    restricted: {
      facts: personalContent(M.RECORDS_PERSON_FACTS_PRIVATE()),
      // The 双公示 fields tell what happened as much as the facts do: the same rule.
      penalty: personalContent(M.RECORDS_PERSON_PENALTY_PRIVATE()),
      history: ownersOnly(M.RECORDS_HISTORY_OWNERS_ONLY(), (row: CreditRecordRow) => row),
    },
  },
  ToleranceDecision: {
    public: [
      'outcome',
      'policyId',
      'policyName',
      'article',
      'cause',
      'forceMajeureCertificate',
      'deferredUntil',
      'extendedByDays',
      'claimedOn',
      'explanation',
    ],
    restricted: {
      evidence: ownersOnly(M.RECORDS_EVIDENCE_OWNERS_ONLY(), (decision: { owner: CreditRecordRow }) => decision.owner),
    },
  },
  TolerancePolicy: {
    public: [
      'id',
      'name',
      'article',
      'categories',
      'cause',
      'conditions',
      'requires',
      'outcome',
      'deferral',
      'deferUntil',
      'extendDays',
      'effectiveFrom',
      'effectiveTo',
      'inForceToday',
    ],
  },
  ToleranceDeferral: { public: ['until', 'days', 'months', 'after', 'description'] },
  EmergencyResponse: { public: ['endedOn', 'setBy', 'setAt'] },
  ForceMajeureCertificate: { public: ['number'] },
  Rectification: {
    public: [
      'deadline',
      'originalDeadline',
      'extensions',
      'status',
      'completedOn',
      'overdueDays',
      'outcomeHistory',
      'extensionsLeft',
      'extensionDaysLeft',
    ],
  },
  RectificationOutcomeChange: { public: ['outcome', 'on', 'previousOutcome', 'previousOn', 'by', 'at'] },
  RectificationExtension: { public: ['days', 'reason', 'by', 'at'] },
  // breaches are loaded through the caller's row rule: a breach it may not see is absent.
  CommitmentState: { public: ['status', 'breachedBy', 'breaches'] },
  RecordVersion: { public: ['version', 'content', 'replacedAt', 'replacedBy'] },
  ReportResult: { public: ['index', 'unitReference', 'outcome', 'recordId', 'record', 'problems'] },
  ReportProblem: { public: ['field', 'reason', 'code'] },
  PenaltyDetails: { public: ['decisionNumber', 'types', 'content', 'fineAmount', 'confiscatedAmount', 'licenceAffected'] },
  // Rows are filtered by licenceRowsVisibleTo: whoever sees a licence sees all of it.
  AdministrativeLicence: {
    public: [
      'id',
      'subject',
      'decisionNumber',
      'certificateName',
      'certificateNumber',
      'type',
      'content',
      'decisionDate',
      'validFrom',
      'validUntil',
      'licensingUnit',
      'status',
      'version',
      'reportedAt',
    ],
  },
  LicenceReportResult: { public: ['index', 'decisionNumber', 'outcome', 'licence', 'problems'] },
  CategoryInfo: {
    public: [
      'code',
      'label',
      'kind',
      'article',
      'articleExcerpt',
      'defaultSeverity',
      'reportingUnits',
      'appliesToNaturalPersons',
      'appliesToOrganisations',
      'repairable',
      'requiresRectification',
    ],
  },
  Disclosure: { public: ['ruleVersion', 'minimumUntil', 'publicFrom', 'publicUntil', 'isPublicNow', 'reason'] },
  Subject: { public: ['id', 'creditRecords', 'administrativeLicences'] },
  MemberUnit: { public: ['id', 'reportableCategories'] },
  CreditRecordConnection: { public: ['edges', 'pageInfo'] },
  CreditRecordEdge: { public: ['node', 'cursor'] },
  PageInfo: { public: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] },
  StatisticsBucket: { public: ['key', 'count', 'suppressed'] },
};
