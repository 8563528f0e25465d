import { DELEGATION_HEADER, signPrincipal, type Principal } from '../kit/principal.js';

/** The report's federated query: one operation through the gateway, as the report's reader would ask it. */
const SUBJECT_FIELDS = `
  id kind name creditCode idNumberMasked legalRepresentative registeredAddress district industry registeredOn status
  creditRecords { id kind category categoryInfo { label article } severity status decisionDate reportingUnit { name }
    disclosure { ruleVersion publicFrom publicUntil isPublicNow } }
  listMemberships(activeOnly: true) { list reason since until }`;

export const PUBLIC_REPORT_QUERY = `query PublicCreditReport($id: ID!) { subject(id: $id) { ${SUBJECT_FIELDS} } }`;
export const FULL_REPORT_QUERY = `query FullCreditReport($id: ID!) { subject(id: $id) { ${SUBJECT_FIELDS}
  supervision { level reason }
  objections { number state submittedAt verifyBy record { id } } } }`;

export const REPORT_FORMAT = 'xinyong-taicang/public-credit-report/1';
export const ISSUER = '太仓市社会信用体系建设领导小组办公室（市信用办）';

const SECTIONS = [
  ['penalties', '行政处罚信息', ['ADMINISTRATIVE_PENALTY']],
  ['dishonesty', '失信行为信息', ['DISHONEST_CONDUCT']],
  ['honours', '守信及荣誉信息', ['HONEST_CONDUCT', 'HONOR']],
  ['commitments', '信用承诺信息', ['COMMITMENT']],
] as const;

export interface ReportRecord {
  category: string;
  label: string;
  article: number | null;
  severity: string | null;
  status: string;
  decisionDate: string;
  reportingUnit: string | null;
  publicUntil: string | null;
  ruleVersion: string;
}

export interface ReportContent {
  format: string;
  number: string;
  audience: 'PUBLIC' | 'SUBJECT';
  issuedAt: string;
  issuer: string;
  subject: Record<string, unknown>;
  sections: { key: string; title: string; records: ReportRecord[] }[];
  lists: { list: string; reason: string; since: string; until: string | null }[];
  supervision: { level: string; reason: string } | null;
  openObjections: { number: string; state: string; submittedAt: string; verifyBy: string }[] | null;
  ruleVersions: { disclosure: string[]; report: string; notice: string };
}

/** Thrown when the gateway cannot give the report's data; the message says why, never SQL. */
export class CompositionError extends Error {}

/** Runs the report's query through the gateway with the reader's principal, signed like any subgraph call. */
export async function fetchReportData(gatewayUrl: string, internalSecret: string, principal: Principal, subjectId: string, full: boolean, requestId: string, client?: string) {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [DELEGATION_HEADER]: signPrincipal({ principal, requestId, audience: 'gateway', issuer: 'reports', operation: full ? 'FullCreditReport' : 'PublicCreditReport', client }, internalSecret) },
    body: JSON.stringify({ query: full ? FULL_REPORT_QUERY : PUBLIC_REPORT_QUERY, variables: { id: subjectId } }),
  });
  const body = (await response.json()) as { data?: { subject: Record<string, any> | null }; errors?: { message: string }[] };
  if (body.errors?.length) throw new CompositionError(`the report's data could not be read: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data?.subject ?? null;
}

/** The signed content: what the report says, for whom, when, under which rules. Public reports keep only what is public today. */
export function buildContent(subject: Record<string, any>, meta: { number: string; audience: 'PUBLIC' | 'SUBJECT'; issuedAt: Date }): ReportContent {
  const full = meta.audience === 'SUBJECT';
  const records = (subject.creditRecords as any[]).filter((r) => full || r.disclosure.isPublicNow);
  const toRecord = (r: any): ReportRecord => ({
    category: r.category,
    label: r.categoryInfo.label,
    article: r.categoryInfo.article ?? null,
    severity: r.severity ?? null,
    status: r.status,
    decisionDate: r.decisionDate,
    reportingUnit: r.reportingUnit?.name ?? null,
    publicUntil: r.disclosure.publicUntil ?? null,
    ruleVersion: r.disclosure.ruleVersion,
  });
  const byDate = (a: ReportRecord, b: ReportRecord) => (a.decisionDate < b.decisionDate ? 1 : a.decisionDate > b.decisionDate ? -1 : a.category.localeCompare(b.category));
  const { creditRecords: _records, listMemberships, supervision, objections, ...registration } = subject;
  return {
    format: REPORT_FORMAT,
    number: meta.number,
    audience: meta.audience,
    issuedAt: meta.issuedAt.toISOString(),
    issuer: ISSUER,
    subject: registration,
    sections: SECTIONS.map(([key, title, kinds]) => ({ key, title, records: records.filter((r) => (kinds as readonly string[]).includes(r.kind)).map(toRecord).sort(byDate) })),
    lists: (listMemberships as any[]).map((m) => ({ list: m.list, reason: m.reason, since: m.since, until: m.until ?? null })),
    supervision: full && supervision ? { level: supervision.level, reason: supervision.reason } : null,
    openObjections: full ? (objections as any[]).filter((o) => o.state === 'SUBMITTED').map((o) => ({ number: o.number, state: o.state, submittedAt: o.submittedAt, verifyBy: o.verifyBy })) : null,
    ruleVersions: { disclosure: [...new Set(records.map((r) => r.disclosure.ruleVersion as string))].sort(), report: REPORT_FORMAT, notice: '太信用办〔2020〕1号' },
  };
}
