import { SEVERITIES } from '../kit/vocabulary.js';
import { createHash } from 'node:crypto';
import type { SubjectSeen } from '../kit/event-contracts.js';
import { asUuid } from '../kit/ids.js';
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
  if (!category) problem('category', '为空：请填写记录类别代码（如 PRICE_GOUGING）');
  else if (!entry) problem('category', `“${category}”不是记录类别代码：可报送的类别见 memberUnit { reportableCategories }`);
  else if (!categoriesReportableBy(unitId).some((allowed) => allowed.code === entry.code))
    problem('category', `${entry.code} (${entry.label}) is not among the categories unit ${unitId} may report`);

  const subject: SubjectSeen | undefined = resolveSubject(item.subject, checks, keys);
  const name = text(item.subject.name);

  const isPerson = subject?.kind === 'NATURAL_PERSON';
  if (entry && subject && isPerson && !entry.appliesToNaturalPersons)
    problem('category', `${entry.code} (${entry.label}) does not apply to natural persons`);
  if (entry && subject && !isPerson && !entry.appliesToOrganisations)
    problem('category', `${entry.code} (${entry.label}) applies to natural persons only`);

  const decisionDate = text(item.decisionDate);
  checks.decisionDate('decisionDate', decisionDate, today);

  const facts = checks.text('facts', item.facts, 4000, 'is empty') ?? '';
  const unitReference =
    checks.text(
      'unitReference',
      item.unitReference,
      100,
      'is empty: give the document number (文书号) that identifies this record in your unit',
    ) ?? '';
  const legalBasis = checks.text('legalBasis', item.legalBasis, 500);

  const negative = entry ? isNegativeKind(entry.kind) : false;
  const severityText = text(item.severity) || null;
  if (severityText && !(SEVERITIES as readonly string[]).includes(severityText))
    problem('severity', `“${severityText}”不是失信程度：须为 ${SEVERITIES.join('、')} 之一`);
  else if (entry && !negative && severityText) problem('severity', `applies only to negative records; ${entry.code} is ${entry.kind}`);
  if (entry && !negative && item.toleranceClaim)
    problem('toleranceClaim', `applies only to negative records; ${entry.code} is ${entry.kind}`);
  const rectificationDeadline = text(item.rectificationDeadline) || null;
  if (rectificationDeadline && !isRealDate(rectificationDeadline))
    problem('rectificationDeadline', `“${rectificationDeadline}”不是有效日历日期（YYYY-MM-DD）`);
  else if (rectificationDeadline && isRealDate(decisionDate) && rectificationDeadline < decisionDate)
    problem('rectificationDeadline', 'is before the decision date');
  if (entry && !rectificationDeadline && REQUIRES_RECTIFICATION.has(entry.code))
    problem('rectificationDeadline', `is required: ${entry.code} (${entry.label}) must be rectified by a deadline`);
  const breachesCommitment = text(item.breachesCommitment) || null;
  if (breachesCommitment && !asUuid(breachesCommitment)) problem('breachesCommitment', 'is not the id of a record');
  else if (breachesCommitment && entry && !negative)
    problem('breachesCommitment', `only a negative record can breach a commitment; ${entry.code} is ${entry.kind}`);
  const claim = item.toleranceClaim
    ? {
        cause: text(item.toleranceClaim.cause),
        evidence: text(item.toleranceClaim.evidence),
        forceMajeureCertificate: text(item.toleranceClaim.forceMajeureCertificate) || null,
      }
    : null;
  if (claim && !(TOLERANCE_CAUSES as readonly string[]).includes(claim.cause))
    problem('toleranceClaim.cause', `“${claim.cause}”不是包容审慎原因：须为 ${TOLERANCE_CAUSES.join('、')} 之一`);
  if (claim && !claim.evidence) problem('toleranceClaim.evidence', 'is empty: describe the evidence of the cause claimed');
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
