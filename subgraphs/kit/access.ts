import type { Principal, Role } from './principal.js';

/**
 * The access vocabulary: what each role may do, written once. Policies and workflows ask `can()` and the
 * relations below instead of comparing roles, so that closing a side channel is a change here (DESIGN §4).
 */
export const CAPABILITIES = {
  /** Everything, the archive and the audit trails included; acts for any unit. */
  administer: ['CREDIT_OFFICE'],
  readAuditTrail: ['CREDIT_OFFICE'],
  /** Aggregates: counts by category, town, month… */
  readStatistics: ['ANALYST', 'MEMBER_UNIT', 'CREDIT_OFFICE'],
  /** Statistics without small-cell suppression. */
  readExactStatistics: ['CREDIT_OFFICE'],
  reportRecords: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  /** Administrative licences (行政许可), reported by the unit that granted them. */
  reportLicences: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  /** Organisations' registration data (登记信息): the credit office, and a unit only with the registry's duty (isRegistry). */
  registerSubjects: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  /** Rectification, overdue lists and cases of the records a unit reported (its own) or of all (administer). */
  superviseRecords: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  endEmergencyResponse: ['CREDIT_OFFICE'],
  /** Tolerance policies (包容审慎) as data: e.g. how long deferred reporting lasts. */
  setTolerancePolicies: ['CREDIT_OFFICE'],
  fileRepair: ['SUBJECT', 'MEMBER_UNIT', 'CREDIT_OFFICE'],
  raiseObjection: ['SUBJECT'],
  verifyObjections: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  runTraining: ['CREDIT_OFFICE'],
  enrolInTraining: ['SUBJECT'],
  /** Force-majeure certificates: the credit office, and units named in CERTIFICATE_ISSUING_UNITS. */
  issueCertificates: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  readCertificateFacts: ['MEMBER_UNIT', 'CREDIT_OFFICE'],
  readOverdueRepairs: ['CREDIT_OFFICE'],
  administerLists: ['CREDIT_OFFICE'],
  /** Incentive and sanction measures: asked for and reported back by the units that apply them. */
  applyMeasures: ['MEMBER_UNIT', 'FINANCIAL_INSTITUTION', 'CREDIT_OFFICE'],
  overseeMeasures: ['CREDIT_OFFICE'],
  setPointsRules: ['CREDIT_OFFICE'],
  /** 信易贷: a subject grants a bank access; the bank reads while it lasts. */
  grantLoanAccess: ['SUBJECT'],
  readLoanProfiles: ['FINANCIAL_INSTITUTION'],
  listLoanAuthorisations: ['SUBJECT', 'FINANCIAL_INSTITUTION', 'CREDIT_OFFICE'],
  /** Consent to be shown as an exemplar (PIPL art. 25): only the person. */
  consentToPublicity: ['SUBJECT'],
  /** A subject's full credit report (besides the subject itself). Row tables per role (which records, cases,
   *  memberships each role sees) stay in each subgraph's policy.ts, keyed by role. */
  readFullReports: ['CREDIT_OFFICE'],
  /** The schema by introspection in production: staff of the platform and its units, not the public or subjects
   *  (INTROSPECTION=public opens it to everyone, gateway/introspection.ts). */
  introspect: ['MEMBER_UNIT', 'FINANCIAL_INSTITUTION', 'ANALYST', 'CREDIT_OFFICE'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

/** Units of the commerce bureau that issue force-majeure certificates besides the credit office. */
export const CERTIFICATE_ISSUING_UNITS = ['commerce'];

export function can(principal: Principal, capability: Capability): boolean {
  return (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);
}

/** The subject itself, signed in. */
export function isSelf(principal: Principal, subjectId: string | null | undefined): boolean {
  return principal.role === 'SUBJECT' && !!principal.subjectId && principal.subjectId === subjectId;
}

/** A member unit acting for the unit named. */
export function isUnit(principal: Principal, unitId: string | null | undefined): boolean {
  return principal.role === 'MEMBER_UNIT' && !!principal.unitId && principal.unitId === unitId;
}

/** A financial institution acting for itself. */
export function isInstitution(principal: Principal): boolean {
  return principal.role === 'FINANCIAL_INSTITUTION' && !!principal.unitId;
}

export function isPublic(principal: Principal): boolean {
  return principal.role === 'PUBLIC';
}

/** The reporting unit of a record, or the credit office: who rectifies, verifies and decides about it. */
export function isResponsibleFor(principal: Principal, reportingUnitId: string | null | undefined): boolean {
  return can(principal, 'administer') || isUnit(principal, reportingUnitId);
}

/** The subject, its reporting unit, or the credit office: the record's own people. */
export function isPartyTo(principal: Principal, record: { subjectId: string; reportingUnitId: string }): boolean {
  return isSelf(principal, record.subjectId) || isResponsibleFor(principal, record.reportingUnitId);
}

/** The unit a caller acts for in a request about units: its own, or any the credit office names (null: all). */
export function unitActedFor(principal: Principal, asked: string | null | undefined): { unitId: string | null } | { refused: string } {
  if (can(principal, 'administer')) return { unitId: asked ?? null };
  if (asked != null && asked !== principal.unitId) return { refused: 'a unit asks for itself' };
  return { unitId: principal.unitId ?? '' };
}

/** The duty of the registry (登记机关): the market regulation bureau keeps organisations' registration data. */
export const REGISTRY_DUTY = 'MARKET_REGULATION';

/**
 * Who may register organisations: the credit office, or a member unit whose duties (read by the subgraph
 * from its member units) include the registry's. Another unit may report records but not rewrite a file.
 */
export function isRegistry(principal: Principal, unitDuties: readonly string[]): boolean {
  if (!can(principal, 'registerSubjects')) return false;
  return can(principal, 'administer') || (!!unitOf(principal) && unitDuties.includes(REGISTRY_DUTY));
}

/** The member unit a caller acts for, when it is one (its duties then decide what it sees of persons). */
export function unitOf(principal: Principal): string | undefined {
  return principal.role === 'MEMBER_UNIT' ? principal.unitId : undefined;
}

/** The subject a caller's own things belong to, when it is a subject. */
export function ownSubject(principal: Principal): string | undefined {
  return principal.role === 'SUBJECT' ? principal.subjectId : undefined;
}
