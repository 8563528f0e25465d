import { can } from '../kit/access.js';
import { badInput, forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { dateIdCursor, dateIdKey, pageSize, toConnection, type Connection } from '../kit/pagination.js';
import { isPersonSubjectId } from '../kit/personal-data.js';
import { chinaToday } from '../kit/time.js';
import { INCENTIVES_MESSAGES as M } from './messages.js';
import type { ExemplarStore } from './exemplar-store.js';
import type { RecordFactRow } from './tables.js';

/** 诚信典型 for the portal (notice §14): red-list organisations, and persons only with their separate consent. */

export interface ExemplarRow {
  subjectId: string;
  isPerson: boolean;
  displayName: string | null;
  since: string;
  membershipId: string;
}

const MAX_DISPLAY_NAME = 40;

function requirePerson(ctx: PolicyScope): string {
  const { principal } = ctx;
  if (!can(principal, 'consentToPublicity') || !principal.subjectId) throw forbidden(M.INCENTIVES_CONSENT_PERSON_ONLY());
  if (!isPersonSubjectId(principal.subjectId)) throw badInput('subject', M.INCENTIVES_CONSENT_NOT_FOR_ORGANISATIONS());
  return principal.subjectId;
}

export async function consentToExemplarPublicity(
  ctx: PolicyScope,
  data: { exemplars: ExemplarStore },
  displayName: string,
): Promise<boolean> {
  const subjectId = requirePerson(ctx);
  const name = displayName.trim();
  if (!name || name.length > MAX_DISPLAY_NAME)
    throw badInput('displayName', M.INCENTIVES_DISPLAY_NAME_LENGTH({ max: MAX_DISPLAY_NAME, got: name.length }));
  await data.exemplars.consent(subjectId, name);
  ctx.audit.note('PERSON_SUBJECT', [subjectId], 'MUTATION');
  return true;
}

export async function withdrawExemplarConsent(ctx: PolicyScope, data: { exemplars: ExemplarStore }): Promise<boolean> {
  const subjectId = requirePerson(ctx);
  await data.exemplars.withdraw(subjectId);
  ctx.audit.note('PERSON_SUBJECT', [subjectId], 'MUTATION');
  return true;
}

/** One exemplar per subject with an active red-list membership, newest first; a person's name only under consent. */
export async function exemplars(
  data: { exemplars: ExemplarStore },
  first: number | null | undefined,
  cursor: string | null | undefined,
): Promise<Connection<ExemplarRow>> {
  const size = pageSize(first);
  // Exemplars page by subject, whose id is a credit code or a person's pseudonym, not a row uuid.
  const key = dateIdCursor(cursor, { id: 'subject' });
  const after = key && { since: key.date, id: key.id };
  const rows = (await data.exemplars.page(size, after && { since: after.since, subjectId: after.id }, chinaToday())).map((row) => ({
    ...row,
    isPerson: isPersonSubjectId(row.subjectId),
    displayName: isPersonSubjectId(row.subjectId) ? row.displayName : null,
  }));
  return toConnection(rows, size, (row) => dateIdKey(row.since, row.subjectId), after !== undefined);
}

/** A deed as the portal shows it: the record itself only for organisations (persons' records are never public). */
export function exemplaryDeed(exemplar: ExemplarRow, deed: RecordFactRow) {
  return {
    category: deed.category,
    label: deed.categoryLabel,
    decisionDate: deed.decisionDate,
    record: exemplar.isPerson ? null : { id: deed.recordId },
  };
}

/** Organisations only: a person is shown under their chosen name, never as a subject. */
export const exemplarSubject = (exemplar: ExemplarRow) => (exemplar.isPerson ? null : { id: exemplar.subjectId });
