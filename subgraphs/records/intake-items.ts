import { SEVERITIES } from '../kit/vocabulary.js';
import { createHash } from 'node:crypto';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { asUuid } from '../kit/ids.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { isRealDate } from '../kit/scalars.js';
import {
  categoriesReportableBy,
  categoryEntry,
  isNegativeKind,
  REQUIRES_RECTIFICATION,
  type CategoryEntry,
  type Severity,
} from './catalogue.js';
import { preparePenalty, type PenaltyDetails, type PenaltyInput } from './penalty.js';
import { itemProblems, resolveSubject, trimmed as text, type Problem, type SubjectKeys, type SubjectRefInput } from './item-checks.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import { TOLERANCE_CAUSES, type ToleranceClaim } from './tolerance.js';

/** One reported record (归集报送), item by item: what a unit sends and how it is checked; the use case is intake.ts. */

export type { Problem } from './item-checks.js';

/**
 * One item of reportRecords, as a member unit sends it. Category, dates, severity and the claim's cause arrive
 * as text and are checked here, item by item, so that one malformed value rejects only its item.
 */
export interface RecordReportInput {
  subject: SubjectRefInput;
  category: string;
  decisionDate: string;
  facts: string;
  legalBasis?: string | null;
  severity?: string | null;
  unitReference: string;
  rectificationDeadline?: string | null;
  toleranceClaim?: ToleranceClaim | null;
  /** Id of the commitment (信用承诺) this dishonesty breaches. */
  breachesCommitment?: string | null;
  /** 行政处罚 only: the 双公示 fields. */
  penalty?: PenaltyInput | null;
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
  penalty: PenaltyDetails | null;
  contentHash: string;
}

/** Checks one item; every problem names its field (as `input[i].…`) and says why. */
export function prepareReport(
  item: RecordReportInput,
  at: string,
  unitId: string,
  keys: SubjectKeys,
  today: string,
): { report: PreparedReport } | { problems: Problem[] } {
  const checks = itemProblems(item, at);
  const { problems, problem } = checks;

  const category = text(item.category);
  const entry = categoryEntry(category);
  if (!category) problem('category', M.RECORDS_CATEGORY_EMPTY());
  else if (!entry) problem('category', M.RECORDS_CATEGORY_UNKNOWN({ category }));
  else if (!categoriesReportableBy(unitId).some((allowed) => allowed.code === entry.code))
    problem('category', M.RECORDS_CATEGORY_NOT_REPORTABLE({ code: entry.code, label: entry.label, unitId }));

  const subject: SubjectSeen | undefined = resolveSubject(item.subject, checks, keys);
  const name = text(item.subject.name);

  const isPerson = subject?.kind === 'NATURAL_PERSON';
  if (entry && subject && isPerson && !entry.appliesToNaturalPersons)
    problem('category', M.RECORDS_CATEGORY_NOT_FOR_PERSONS({ code: entry.code, label: entry.label }));
  if (entry && subject && !isPerson && !entry.appliesToOrganisations)
    problem('category', M.RECORDS_CATEGORY_PERSONS_ONLY({ code: entry.code, label: entry.label }));

  const decisionDate = text(item.decisionDate);
  checks.decisionDate('decisionDate', decisionDate, today);

  const facts = checks.text('facts', item.facts, 4000, KIT_MESSAGES.EMPTY()) ?? '';
  const unitReference = checks.text('unitReference', item.unitReference, 100, M.RECORDS_UNIT_REFERENCE_EMPTY()) ?? '';
  const legalBasis = checks.text('legalBasis', item.legalBasis, 500);

  const negative = entry ? isNegativeKind(entry.kind) : false;
  const severityText = text(item.severity) || null;
  if (severityText && !(SEVERITIES as readonly string[]).includes(severityText))
    problem('severity', M.RECORDS_SEVERITY_UNKNOWN({ value: severityText, allowed: SEVERITIES }));
  else if (entry && !negative && severityText) problem('severity', M.RECORDS_NEGATIVE_ONLY({ code: entry.code, kind: entry.kind }));
  if (entry && !negative && item.toleranceClaim) problem('toleranceClaim', M.RECORDS_NEGATIVE_ONLY({ code: entry.code, kind: entry.kind }));
  const rectificationDeadline = text(item.rectificationDeadline) || null;
  if (rectificationDeadline && !isRealDate(rectificationDeadline))
    problem('rectificationDeadline', KIT_MESSAGES.DATE_INVALID({ value: rectificationDeadline }));
  else if (rectificationDeadline && isRealDate(decisionDate) && rectificationDeadline < decisionDate)
    problem('rectificationDeadline', M.RECORDS_DEADLINE_BEFORE_DECISION());
  if (entry && !rectificationDeadline && REQUIRES_RECTIFICATION.has(entry.code))
    problem('rectificationDeadline', M.RECORDS_DEADLINE_REQUIRED({ code: entry.code, label: entry.label }));
  const breachesCommitment = text(item.breachesCommitment) || null;
  if (breachesCommitment && !asUuid(breachesCommitment)) problem('breachesCommitment', M.RECORDS_BREACH_NOT_AN_ID());
  else if (breachesCommitment && entry && !negative)
    problem('breachesCommitment', M.RECORDS_BREACH_NOT_NEGATIVE({ code: entry.code, kind: entry.kind }));
  const claim = item.toleranceClaim
    ? {
        cause: text(item.toleranceClaim.cause),
        evidence: text(item.toleranceClaim.evidence),
        forceMajeureCertificate: text(item.toleranceClaim.forceMajeureCertificate) || null,
      }
    : null;
  if (claim && !(TOLERANCE_CAUSES as readonly string[]).includes(claim.cause))
    problem('toleranceClaim.cause', M.RECORDS_TOLERANCE_CAUSE_UNKNOWN({ value: claim.cause, allowed: TOLERANCE_CAUSES }));
  if (claim && !claim.evidence) problem('toleranceClaim.evidence', M.RECORDS_TOLERANCE_EVIDENCE_EMPTY());
  const penalty = preparePenalty(item.penalty, { entry, isPerson: subject && isPerson }, problem);

  if (problems.length || !entry || !subject) return { problems };
  const severity = negative ? ((severityText as Severity | null) ?? entry.defaultSeverity) : null;
  // Penalty details are content: a re-send that changes them corrects the record. Hashed only when present, so
  // the hash of every other record stays what it was before penalties carried them.
  const content = {
    subjectId: subject.subjectId,
    name,
    category: entry.code,
    severity,
    decisionDate,
    facts,
    legalBasis,
    rectificationDeadline,
    claim,
    breachesCommitment,
    ...(penalty ? { penalty } : {}),
  };
  return {
    report: {
      unitId,
      unitReference,
      entry,
      subject,
      subjectIsPerson: isPerson,
      severity,
      decisionDate,
      facts,
      legalBasis,
      rectificationDeadline,
      toleranceClaim: claim,
      breachesCommitment: breachesCommitment ? asUuid(breachesCommitment) : null,
      penalty,
      contentHash: createHash('sha256').update(JSON.stringify(content)).digest('hex'),
    },
  };
}
