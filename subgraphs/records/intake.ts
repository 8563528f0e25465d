import { createHash } from 'node:crypto';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { asUuid } from '../kit/ids.js';
import { checkCreditCode, checkIdNumber, maskIdNumber, organisationKindFromCode } from '../kit/identifiers.js';
import { encryptIdNumber, personSubjectId } from '../kit/personal-data.js';
import { isRealDate } from '../kit/scalars.js';
import { unholdableStrings } from '../kit/text-guard.js';
import { categoriesReportableBy, categoryEntry, isNegativeKind, REQUIRES_RECTIFICATION, type CategoryEntry, type Severity } from './catalogue.js';
import type { ToleranceClaim } from './tolerance.js';

/** One item of reportRecords, as a member unit sends it. */
export interface RecordReportInput {
  subject: { creditCode?: string | null; idNumber?: string | null; name: string; historicCode?: boolean | null };
  category: string;
  decisionDate: string;
  facts: string;
  legalBasis?: string | null;
  severity?: Severity | null;
  unitReference: string;
  rectificationDeadline?: string | null;
  toleranceClaim?: ToleranceClaim | null;
  /** Id of the commitment (信用承诺) this dishonesty breaches. */
  breachesCommitment?: string | null;
}

export interface Problem {
  field: string;
  reason: string;
}

/** A validated report, normalised, with the hash that tells a re-send from a correction. */
export interface PreparedReport {
  unitId: string;
  unitReference: string;
  entry: CategoryEntry;
  subject: SubjectSeen;
  subjectIsPerson: boolean;
  severity: Severity | null;
  decisionDate: string;
  facts: string;
  legalBasis: string | null;
  rectificationDeadline: string | null;
  toleranceClaim: ToleranceClaim | null;
  breachesCommitment: string | null;
  contentHash: string;
}

export const MAX_BATCH = 1000;
const EARLIEST_DECISION = '2000-01-01';

const text = (value: string | null | undefined): string => (value ?? '').trim();

/** Checks one item; every problem names its field (as `input[i].…`) and says why. */
export function prepareReport(
  item: RecordReportInput,
  at: string,
  unitId: string,
  keys: { pseudonymKey: Buffer; idEncryptionKey: Buffer },
  today: string,
): { report: PreparedReport } | { problems: Problem[] } {
  // Text PostgreSQL cannot hold as sent (U+0000, a lone surrogate) is refused on its field, never altered;
  // other checks of that field would only describe the same bad text again.
  const problems: Problem[] = unholdableStrings(item, at);
  const unholdable = new Set(problems.map((p) => p.field));
  const problem = (field: string, reason: string) => {
    if (!unholdable.has(`${at}.${field}`)) problems.push({ field: `${at}.${field}`, reason });
  };

  const entry = categoryEntry(item.category);
  if (!entry) problem('category', `unknown category ${item.category}`);
  else if (!categoriesReportableBy(unitId).some((allowed) => allowed.code === entry.code)) problem('category', `${entry.code} (${entry.label}) is not among the categories unit ${unitId} may report`);

  const { creditCode, idNumber } = item.subject;
  const name = text(item.subject.name);
  let subject: SubjectSeen | undefined;
  if (!name) problem('subject.name', 'is empty');
  else if (name.length > 200) problem('subject.name', `must be at most 200 characters, got ${name.length}`);
  if (creditCode && idNumber) problem('subject', 'give either creditCode or idNumber, not both');
  else if (creditCode) {
    const check = checkCreditCode(creditCode);
    const historic = !check.ok && check.checksumOnly && item.subject.historicCode === true;
    if (!check.ok && !historic) problem('subject.creditCode', check.reason + (check.checksumOnly ? ' (set historicCode: true to accept a registry code that fails the check, flagged)' : ''));
    else {
      const code = check.value!;
      subject = { subjectId: code, kind: organisationKindFromCode(code), name, creditCode: code, creditCodeChecksumValid: check.ok, idNumberEncrypted: null, idNumberMasked: null };
    }
  } else if (idNumber) {
    const check = checkIdNumber(idNumber);
    if (!check.ok) problem('subject.idNumber', check.reason);
    else {
      subject = {
        subjectId: personSubjectId(check.value, keys.pseudonymKey),
        kind: 'NATURAL_PERSON',
        name,
        creditCode: null,
        creditCodeChecksumValid: null,
        idNumberEncrypted: encryptIdNumber(check.value, keys.idEncryptionKey),
        idNumberMasked: maskIdNumber(check.value),
      };
    }
  } else problem('subject', 'give the creditCode of an organisation or the idNumber of a natural person');

  const isPerson = subject?.kind === 'NATURAL_PERSON';
  if (entry && subject && isPerson && !entry.appliesToNaturalPersons) problem('category', `${entry.code} (${entry.label}) does not apply to natural persons`);
  if (entry && subject && !isPerson && !entry.appliesToOrganisations) problem('category', `${entry.code} (${entry.label}) applies to natural persons only`);

  if (!isRealDate(item.decisionDate)) problem('decisionDate', `${item.decisionDate} is not a real date (YYYY-MM-DD)`);
  else if (item.decisionDate > today) problem('decisionDate', `${item.decisionDate} is in the future`);
  else if (item.decisionDate < EARLIEST_DECISION) problem('decisionDate', `must be ${EARLIEST_DECISION} or later`);

  const facts = text(item.facts);
  if (!facts) problem('facts', 'is empty');
  else if (facts.length > 4000) problem('facts', `must be at most 4000 characters, got ${facts.length}`);
  const unitReference = text(item.unitReference);
  if (!unitReference) problem('unitReference', 'is empty: give the document number (文书号) that identifies this record in your unit');
  else if (unitReference.length > 100) problem('unitReference', `must be at most 100 characters, got ${unitReference.length}`);
  const legalBasis = text(item.legalBasis) || null;
  if (legalBasis && legalBasis.length > 500) problem('legalBasis', `must be at most 500 characters, got ${legalBasis.length}`);

  const negative = entry ? isNegativeKind(entry.kind) : false;
  if (entry && !negative && item.severity) problem('severity', `applies only to negative records; ${entry.code} is ${entry.kind}`);
  if (entry && !negative && item.toleranceClaim) problem('toleranceClaim', `applies only to negative records; ${entry.code} is ${entry.kind}`);
  const rectificationDeadline = item.rectificationDeadline ?? null;
  if (rectificationDeadline && !isRealDate(rectificationDeadline)) problem('rectificationDeadline', `${rectificationDeadline} is not a real date (YYYY-MM-DD)`);
  else if (rectificationDeadline && isRealDate(item.decisionDate) && rectificationDeadline < item.decisionDate) problem('rectificationDeadline', 'is before the decision date');
  if (entry && !rectificationDeadline && REQUIRES_RECTIFICATION.has(entry.code)) problem('rectificationDeadline', `is required: ${entry.code} (${entry.label}) must be rectified by a deadline`);
  const breachesCommitment = text(item.breachesCommitment) || null;
  if (breachesCommitment && !asUuid(breachesCommitment)) problem('breachesCommitment', 'is not the id of a record');
  else if (breachesCommitment && entry && !negative) problem('breachesCommitment', `only a negative record can breach a commitment; ${entry.code} is ${entry.kind}`);
  const claim = item.toleranceClaim ? { cause: item.toleranceClaim.cause, evidence: text(item.toleranceClaim.evidence), forceMajeureCertificate: text(item.toleranceClaim.forceMajeureCertificate) || null } : null;
  if (claim && !claim.evidence) problem('toleranceClaim.evidence', 'is empty: describe the evidence of the cause claimed');

  if (problems.length || !entry || !subject) return { problems };
  const severity = negative ? (item.severity ?? entry.defaultSeverity) : null;
  const content = { subjectId: subject.subjectId, name, category: entry.code, severity, decisionDate: item.decisionDate, facts, legalBasis, rectificationDeadline, claim, breachesCommitment };
  return {
    report: {
      unitId,
      unitReference,
      entry,
      subject,
      subjectIsPerson: isPerson,
      severity,
      decisionDate: item.decisionDate,
      facts,
      legalBasis,
      rectificationDeadline,
      toleranceClaim: claim,
      breachesCommitment: breachesCommitment ? asUuid(breachesCommitment) : null,
      contentHash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
    },
  };
}
