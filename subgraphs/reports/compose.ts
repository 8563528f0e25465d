import { DELEGATION_HEADER, signPrincipal, type Principal } from '../kit/principal.js';

/**
 * The report's federated query: one operation through the gateway, as the report's reader would ask it.
 * What it reads is what the national report standard (公共信用信息报告标准 2022年版) prints: registration
 * (基础信息), administrative licences and penalties with the 双公示 fields, dishonesty, lists, honours,
 * commitments with their fulfilment.
 */
const SUBJECT_FIELDS = `
  id kind name creditCode idNumberMasked legalRepresentative registeredAddress district industry registeredOn status
  registeredCapital { amount currency } organisationType businessScope registrationAuthority approvedOn
  administrativeLicences { decisionNumber certificateName certificateNumber type content decisionDate validFrom validUntil licensingUnit { name } status }
  creditRecords { kind category categoryInfo { label article } severity status decisionDate unitReference facts legalBasis reportingUnit { id name }
    penalty { decisionNumber types content fineAmount confiscatedAmount licenceAffected }
    commitment { status breachedBy { decisionDate categoryInfo { label } } }
    disclosure { ruleVersion publicFrom publicUntil isPublicNow } }
  listMemberships(activeOnly: true) { list reason since until }`;

export const PUBLIC_REPORT_QUERY = `query PublicCreditReport($id: ID!) { subject(id: $id) { ${SUBJECT_FIELDS} } }`;
export const FULL_REPORT_QUERY = `query FullCreditReport($id: ID!) { subject(id: $id) { ${SUBJECT_FIELDS}
  supervision { level reason }
  creditPoints { balance level }
  objections { number state submittedAt verifyBy record { id } } }
  memberUnits { id name duties } }`;

/** Format 2: the national standard's sections. Format 1 (blocks-v1.ts) stays verifiable. */
export const REPORT_FORMAT = 'xinyong-taicang/public-credit-report/2';
export const ISSUER = '太仓市社会信用体系建设领导小组办公室（市信用办）';
export const PLATFORM = '太仓市公共信用信息服务平台（信用太仓）';
export const NOTICE = '太信用办〔2020〕1号';
export const STANDARD = '公共信用信息报告标准（2022年版）';

/** PUBLIC: what anyone may see; SUBJECT: the subject's own full report; SPECIAL: 专项信用报告 for chosen fields and a period. */
export type Audience = 'PUBLIC' | 'SUBJECT' | 'SPECIAL';

export interface PenaltyDetails {
  decisionNumber: string;
  types: string[];
  content: string;
  fineAmount: string | null;
  confiscatedAmount: string | null;
  licenceAffected: string | null;
}

export interface ReportRecord {
  category: string;
  label: string;
  article: number | null;
  severity: string | null;
  status: string;
  decisionDate: string;
  /** The unit's document number (决定书文号). */
  decisionNumber: string;
  facts: string | null;
  legalBasis: string | null;
  reportingUnit: string | null;
  publicUntil: string | null;
  ruleVersion: string;
  /** 行政处罚: the 双公示 fields; null for other kinds and for penalties reported before they were kept. */
  penalty: PenaltyDetails | null;
  /** 信用承诺: fulfilment, and the dishonesty a breach produced. */
  commitment: { status: string; breachedBy: { decisionDate: string; label: string } | null } | null;
}

export interface ReportLicence {
  decisionNumber: string;
  certificateName: string | null;
  certificateNumber: string | null;
  type: string;
  content: string;
  decisionDate: string;
  validFrom: string;
  validUntil: string | null;
  licensingUnit: string | null;
  status: string;
}

export interface ReportSection {
  key: 'penalties' | 'dishonesty' | 'honours' | 'commitments';
  title: string;
  records: ReportRecord[];
}

/** 专项信用报告: which fields and member units were searched, over which period. */
export interface SpecialScope {
  fields: { key: string; label: string }[];
  from: string;
  to: string;
  unitsSearched: string[];
}

export interface ReportContent {
  format: string;
  number: string;
  audience: Audience;
  issuedAt: string;
  issuer: string;
  platform: string;
  subject: Record<string, unknown>;
  licences: ReportLicence[];
  sections: ReportSection[];
  lists: { list: string; reason: string; since: string; until: string | null }[];
  supervision: { level: string; reason: string } | null;
  /** 娄城信用积分: a natural person's own report only. */
  points: { balance: number; level: string } | null;
  openObjections: { number: string; state: string; submittedAt: string; verifyBy: string }[] | null;
  /** The member units whose information the report holds (信息来源). */
  sources: string[];
  special: SpecialScope | null;
  ruleVersions: { disclosure: string[]; report: string; notice: string; standard: string };
}

/** Thrown when the gateway cannot give the report's data; the message says why, never SQL. */
/** The report's own read through the gateway was refused; `detail` is what the gateway answered. */
export class CompositionError extends Error {
  constructor(readonly detail: string) {
    super(`the report's data could not be read: ${detail}`);
  }
}

/** Runs the report's query through the gateway with the reader's principal, signed like any subgraph call. */
export async function fetchReportData(
  gatewayUrl: string,
  internalSecret: string,
  principal: Principal,
  subjectId: string,
  full: boolean,
  requestId: string,
  client?: string,
) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [DELEGATION_HEADER]: signPrincipal(
        {
          principal,
          requestId,
          audience: 'gateway',
          issuer: 'reports',
          operation: full ? 'FullCreditReport' : 'PublicCreditReport',
          client,
        },
        internalSecret,
      ),
    },
    body: JSON.stringify({ query: full ? FULL_REPORT_QUERY : PUBLIC_REPORT_QUERY, variables: { id: subjectId } }),
  });
  const body = (await response.json()) as {
    data?: { subject: Record<string, any> | null; memberUnits?: UnitDuties[] };
    errors?: { message: string }[];
  };
  if (body.errors?.length) throw new CompositionError(body.errors.map((e) => e.message).join('; '));
  const subject = body.data?.subject ?? null;
  return subject ? { ...subject, memberUnits: body.data?.memberUnits ?? [] } : null;
}

export interface UnitDuties {
  id: string;
  name: string;
  duties: string[];
}

const SECTIONS: readonly [ReportSection['key'], string, readonly string[]][] = [
  ['penalties', '行政处罚信息', ['ADMINISTRATIVE_PENALTY']],
  ['dishonesty', '失信行为信息', ['DISHONEST_CONDUCT']],
  ['honours', '守信激励信息', ['HONEST_CONDUCT', 'HONOR']],
  ['commitments', '信用承诺及履约信息', ['COMMITMENT']],
];

function toRecord(r: any): ReportRecord {
  return {
    category: r.category,
    label: r.categoryInfo.label,
    article: r.categoryInfo.article ?? null,
    severity: r.severity ?? null,
    status: r.status,
    decisionDate: r.decisionDate,
    decisionNumber: r.unitReference,
    facts: r.facts ?? null,
    legalBasis: r.legalBasis ?? null,
    reportingUnit: r.reportingUnit?.name ?? null,
    publicUntil: r.disclosure.publicUntil ?? null,
    ruleVersion: r.disclosure.ruleVersion,
    penalty: r.penalty
      ? {
          decisionNumber: r.penalty.decisionNumber,
          types: r.penalty.types,
          content: r.penalty.content,
          fineAmount: r.penalty.fineAmount ?? null,
          confiscatedAmount: r.penalty.confiscatedAmount ?? null,
          licenceAffected: r.penalty.licenceAffected ?? null,
        }
      : null,
    commitment: r.commitment
      ? {
          status: r.commitment.status,
          breachedBy: r.commitment.breachedBy
            ? { decisionDate: r.commitment.breachedBy.decisionDate, label: r.commitment.breachedBy.categoryInfo.label }
            : null,
        }
      : null,
  };
}

const newestFirst = (a: { decisionDate: string; category?: string; decisionNumber: string }, b: typeof a) =>
  a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : a.decisionNumber.localeCompare(b.decisionNumber);

const REGISTRATION = [
  'id',
  'kind',
  'name',
  'creditCode',
  'idNumberMasked',
  'legalRepresentative',
  'registeredAddress',
  'district',
  'industry',
  'registeredOn',
  'status',
  'registeredCapital',
  'organisationType',
  'businessScope',
  'registrationAuthority',
  'approvedOn',
];

export interface ContentMeta {
  number: string;
  audience: Audience;
  issuedAt: Date;
  /** For a special report: the fields asked for (with the duties they stand for) and the period. */
  special?: { fields: { key: string; label: string; duties: readonly string[] }[]; from: string; to: string };
}

/**
 * The signed content: what the report says, for whom, when, under which rules. A public report keeps
 * only what is public today. A special report keeps the negative records (penalties, dishonesty) decided
 * in its period by the member units of its fields, whatever their disclosure, as a certificate of no
 * violations would, and the serious-dishonesty listing; it is issued to the subject itself.
 */
export function buildContent(subject: Record<string, any>, meta: ContentMeta): ReportContent {
  const full = meta.audience !== 'PUBLIC';
  let records = (subject.creditRecords as any[]).filter((r) => full || r.disclosure.isPublicNow);
  let special: SpecialScope | null = null;
  let licences = (subject.administrativeLicences as any[] | null) ?? [];
  let lists = (subject.listMemberships as any[]).map((m) => ({ list: m.list, reason: m.reason, since: m.since, until: m.until ?? null }));
  if (meta.special) {
    const { from, to, fields } = meta.special;
    const duties = new Set(fields.flatMap((field) => field.duties));
    const units = (subject.memberUnits as UnitDuties[]).filter((unit) => unit.duties.some((duty) => duties.has(duty)));
    const searched = new Set(units.map((unit) => unit.id));
    records = records.filter(
      (r) =>
        ['ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT'].includes(r.kind) &&
        r.status !== 'WITHDRAWN' &&
        searched.has(r.reportingUnit?.id) &&
        r.decisionDate >= from &&
        r.decisionDate <= to,
    );
    licences = [];
    lists = lists.filter((m) => m.list === 'JOINT_PUNISHMENT' && m.since <= to && (m.until === null || m.until >= from));
    special = {
      fields: fields.map(({ key, label }) => ({ key, label })),
      from,
      to,
      unitsSearched: units.map((unit) => unit.name).sort((a, b) => a.localeCompare(b, 'zh')),
    };
  }
  const registration = Object.fromEntries(REGISTRATION.map((key) => [key, subject[key] ?? null]));
  const shownLicences: ReportLicence[] = licences
    .map((l) => ({
      decisionNumber: l.decisionNumber,
      certificateName: l.certificateName ?? null,
      certificateNumber: l.certificateNumber ?? null,
      type: l.type,
      content: l.content,
      decisionDate: l.decisionDate,
      validFrom: l.validFrom,
      validUntil: l.validUntil ?? null,
      licensingUnit: l.licensingUnit?.name ?? null,
      status: l.status,
    }))
    .sort(newestFirst);
  const sections = SECTIONS.filter(([key]) => !meta.special || key === 'penalties' || key === 'dishonesty').map(([key, title, kinds]) => ({
    key,
    title,
    records: records
      .filter((r) => kinds.includes(r.kind))
      .map(toRecord)
      .sort(newestFirst),
  }));
  const sources = [
    ...new Set(
      [...sections.flatMap((s) => s.records.map((r) => r.reportingUnit)), ...shownLicences.map((l) => l.licensingUnit)].filter(
        (name): name is string => !!name,
      ),
    ),
  ].sort((a, b) => a.localeCompare(b, 'zh'));
  const own = meta.audience === 'SUBJECT';
  return {
    format: REPORT_FORMAT,
    number: meta.number,
    audience: meta.audience,
    issuedAt: meta.issuedAt.toISOString(),
    issuer: ISSUER,
    platform: PLATFORM,
    subject: registration,
    licences: shownLicences,
    sections,
    lists,
    supervision: own && subject.supervision ? { level: subject.supervision.level, reason: subject.supervision.reason } : null,
    points: own && subject.creditPoints ? { balance: subject.creditPoints.balance, level: subject.creditPoints.level } : null,
    openObjections: own
      ? (subject.objections as any[])
          .filter((o) => o.state === 'SUBMITTED')
          .map((o) => ({ number: o.number, state: o.state, submittedAt: o.submittedAt, verifyBy: o.verifyBy }))
      : null,
    sources,
    special,
    ruleVersions: {
      disclosure: [...new Set(records.map((r) => r.disclosure.ruleVersion as string))].sort(),
      report: REPORT_FORMAT,
      notice: NOTICE,
      standard: STANDARD,
    },
  };
}
