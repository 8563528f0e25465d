import { eq, ne, or, type SQL } from 'drizzle-orm';
import { allowedTo, type Access, type FieldPolicy, type PolicyScope } from '../kit/field-policy.js';
import { maskPersonName } from '../kit/identifiers.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import type { Principal, Role } from '../kit/principal.js';
import { SUBJECTS_MESSAGES as M } from './messages.js';
import { subjects, type SubjectRow } from './tables.js';
import { can, isRegistry, isSelf, ownSubject, unitOf } from '../kit/access.js';

/** Duties whose work concerns natural persons: units holding one see persons' credit files (masked names). */
export const PERSON_DUTIES = [
  'CREDIT_MANAGEMENT',
  'MARKET_REGULATION',
  'PUBLIC_HEALTH',
  'PUBLIC_SECURITY',
  'LABOUR_AND_SOCIAL_SECURITY',
  'TRANSPORT',
  'AGRICULTURE_AND_WILDLIFE',
  'MEDICAL_INSURANCE',
  'FINANCIAL_REGULATION',
  'LENDING',
  'CIVILISATION',
  'CIVIL_AFFAIRS',
  'JUSTICE',
];

/** Duties of enforcement that need a person's full name and address (epidemic control, police, courts). */
export const IDENTITY_DUTIES = ['PUBLIC_HEALTH', 'PUBLIC_SECURITY', 'JUSTICE'];

export type PersonRows = 'all' | 'own' | 'none';

/**
 * Rows: which natural persons' credit files each role sees. Persons are never public (REFERENCE "Natural
 * persons"); analysts and banks get nothing personal; a member unit only when its duties concern persons.
 * Organisations' registration data is public to everyone (企业信息公示暂行条例).
 */
export const PERSON_ROW_POLICY: Record<Role, (duties: string[]) => PersonRows> = {
  PUBLIC: () => 'none',
  ANALYST: () => 'none',
  FINANCIAL_INSTITUTION: () => 'none',
  SUBJECT: () => 'own',
  MEMBER_UNIT: (duties) => (duties.some((duty) => PERSON_DUTIES.includes(duty)) ? 'all' : 'none'),
  CREDIT_OFFICE: () => 'all',
};

/** The row rule as SQL: the credit files of natural persons a caller with these duties sees (all organisations'). */
export function subjectRowsVisibleTo(principal: Principal, duties: string[]): SQL | undefined {
  switch (PERSON_ROW_POLICY[principal.role](duties)) {
    case 'all':
      return undefined;
    case 'own':
      return or(ne(subjects.kind, 'NATURAL_PERSON'), eq(subjects.id, principal.subjectId ?? ''));
    case 'none':
      return ne(subjects.kind, 'NATURAL_PERSON');
  }
}

/** What the field rules need from the context. */
export interface SubjectsPolicyContext extends PolicyScope {
  data: { units: { unitDuties(unitId: string): Promise<string[]> } };
}

/** registerSubjects: the credit office, or a unit holding the registry's duty (kit/access.ts isRegistry). */
async function mayRegister(ctx: SubjectsPolicyContext): Promise<Access> {
  const unit = unitOf(ctx.principal);
  return isRegistry(ctx.principal, unit ? await ctx.data.units.unitDuties(unit) : []) ? 'full' : 'deny';
}

/** Who sees every visible person's identity in full: the credit office and units with enforcement duties. */
function seesPersonsInFull(principal: Principal, duties: string[]): boolean {
  return can(principal, 'administer') || (!!unitOf(principal) && duties.some((duty) => IDENTITY_DUTIES.includes(duty)));
}

/** A person's identity in full: the person, the credit office, and units with enforcement duties. */
async function personIdentity(ctx: SubjectsPolicyContext, row: SubjectRow, otherwise: Access): Promise<Access> {
  if (row.kind !== 'NATURAL_PERSON' || isSelf(ctx.principal, row.id)) return 'full';
  const unit = unitOf(ctx.principal);
  const duties = unit ? await ctx.data.units.unitDuties(unit) : [];
  return seesPersonsInFull(ctx.principal, duties) ? 'full' : otherwise;
}

/**
 * Search by name (issue 11): a name search matches natural persons only for callers who see persons' names in
 * full — the person (their own file is the only person they see), the credit office, enforcement units. For
 * anyone else it never matches a person, so a masked name (杨**) cannot be completed letter by letter; they
 * look a person up by ID number (subjectByIdNumber), within their duties. Organisations match for everyone.
 */
export function mayFindPersonsByName(principal: Principal, duties: string[]): boolean {
  return !!ownSubject(principal) || seesPersonsInFull(principal, duties);
}

const personOnly = (dataClass: 'PERSON_SUBJECT' | 'ID_NUMBER' | 'PERSONAL_CONTACT') => ({
  dataClass,
  subjectOf: (row: SubjectRow) => (row.kind === 'NATURAL_PERSON' ? row.id : null),
});

/** Fields: every field this subgraph serves, public (row rules apply) or restricted with its rule. */
export const SUBJECTS_FIELD_POLICY: FieldPolicy<SubjectsPolicyContext> = {
  Query: {
    public: ['subject', 'subjectByCode', 'subjectByIdNumber', 'subjects', 'memberUnit', 'memberUnits'],
    restricted: {
      subjectStatistics: allowedTo('readStatistics', M.SUBJECTS_STATISTICS_RESTRICTED()),
      auditTrail: allowedTo('readAuditTrail', KIT_MESSAGES.AUDIT_TRAIL_CREDIT_OFFICE_ONLY()),
    },
  },
  Subject: {
    // The registration fields are public like the rest of an organisation's 登记信息; a person's file holds none
    // (a check constraint in tables.ts), and which persons' files a caller sees is the row rule's.
    public: [
      'id',
      'kind',
      'creditCode',
      'creditCodeChecksumValid',
      'idNumberMasked',
      'legalRepresentative',
      'district',
      'industry',
      'registeredOn',
      'status',
      'tags',
      'registeredCapital',
      'organisationType',
      'businessScope',
      'registrationAuthority',
      'approvedOn',
    ],
    restricted: {
      name: {
        reason: M.SUBJECTS_PERSON_NAME_RESTRICTED(),
        access: (ctx: SubjectsPolicyContext, row: SubjectRow) => personIdentity(ctx, row, 'masked'),
        mask: maskPersonName,
        audit: personOnly('PERSON_SUBJECT'),
      },
      idNumber: {
        reason: M.SUBJECTS_ID_NUMBER_RESTRICTED(),
        access: (ctx: SubjectsPolicyContext, row: SubjectRow) =>
          row.kind !== 'NATURAL_PERSON' || can(ctx.principal, 'administer') || isSelf(ctx.principal, row.id) ? 'full' : 'deny',
        audit: personOnly('ID_NUMBER'),
      },
      registeredAddress: {
        reason: M.SUBJECTS_PERSON_ADDRESS_RESTRICTED(),
        access: (ctx: SubjectsPolicyContext, row: SubjectRow) => personIdentity(ctx, row, 'deny'),
        audit: personOnly('PERSONAL_CONTACT'),
      },
    },
  },
  Mutation: {
    public: [],
    restricted: {
      registerSubjects: {
        reason: M.SUBJECTS_REGISTER_RESTRICTED(),
        access: mayRegister,
      },
      designateSubjects: {
        reason: M.SUBJECTS_DESIGNATE_RESTRICTED(),
        access: (ctx: SubjectsPolicyContext) => (can(ctx.principal, 'administer') ? 'full' : 'deny'),
      },
    },
  },
  RegisteredCapital: { public: ['amount', 'currency'] },
  RegistrationResult: { public: ['index', 'creditCode', 'outcome', 'subject', 'problems'] },
  RegistrationProblem: { public: ['field', 'reason', 'code'] },
  DesignationResult: { public: ['index', 'subjectId', 'outcome', 'subject', 'problems'] },
  MemberUnit: { public: ['id', 'name', 'kind', 'duties'] },
  SubjectConnection: { public: ['edges', 'pageInfo', 'totalCount'] },
  SubjectEdge: { public: ['node', 'cursor'] },
  PageInfo: { public: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] },
  StatisticsBucket: { public: ['key', 'count', 'suppressed'] },
};
