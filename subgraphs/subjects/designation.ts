import { describePrincipal } from '../kit/audit.js';
import { badInput } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import type { Message } from '../kit/messages.js';
import type { DesignationStore } from './designation-store.js';
import type { SubjectDesignationInput } from './generated/graphql.js';
import { SUBJECTS_MESSAGES as M } from './messages.js';
import { MAX_REGISTRATIONS, type RegistrationProblem } from './registration.js';
import type { SubjectRow } from './tables.js';

export interface DesignationResult {
  index: number;
  subjectId: string;
  outcome: 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  subject: SubjectRow | null;
  problems: RegistrationProblem[];
}

/**
 * 重点群体认定: the credit office designates credit files (a person who worked on the front line, an epidemic
 * supply producer, a hard-hit SME…). Tags are the platform's, not the registry's, so they have their own door.
 * A call is one list, written in one transaction with the events that tell repairs and incentives and a row per
 * changed file in `designations` (tags, reason, who): an unknown or repeated id is rejected on its own.
 */
export async function designateSubjects(
  ctx: PolicyScope & { designation: DesignationStore },
  items: SubjectDesignationInput[],
  reason: string,
): Promise<DesignationResult[]> {
  if (items.length === 0) throw badInput('input', KIT_MESSAGES.EMPTY());
  if (items.length > MAX_REGISTRATIONS) throw badInput('input', M.SUBJECTS_BATCH_TOO_LARGE({ max: MAX_REGISTRATIONS, got: items.length }));
  if (!reason.trim()) throw badInput('reason', M.SUBJECTS_DESIGNATION_REASON_REQUIRED());
  // An organisation's code is written in capitals (GB 32100); a person's pseudonymous id is as issued.
  const wanted = items.map((item) => {
    const id = item.subjectId.trim();
    return { id: /^[0-9A-Za-z]{18}$/.test(id) ? id.toUpperCase() : id, tags: [...new Set(item.tags)] };
  });
  const firstAt = new Map<string, number>();
  wanted.forEach((item, index) => firstAt.set(item.id, firstAt.get(item.id) ?? index));
  const unique = wanted.filter((item, index) => firstAt.get(item.id) === index);
  const done = new Map(unique.map((item, i) => [item.id, i]));
  const stored = await ctx.designation.designate(unique, reason.trim(), describePrincipal(ctx.principal));
  const results: DesignationResult[] = wanted.map(({ id: subjectId }, index) => {
    const problem = (reason: Message, code: 'UNKNOWN_SUBJECT' | 'DUPLICATE_IN_CALL'): DesignationResult => ({
      index,
      subjectId,
      outcome: 'REJECTED',
      subject: null,
      problems: [{ field: `input[${index}].subjectId`, reason, code }],
    });
    if (firstAt.get(subjectId) !== index)
      return problem(M.SUBJECTS_DUPLICATE_IN_CALL({ first: firstAt.get(subjectId)! }), 'DUPLICATE_IN_CALL');
    const result = stored[done.get(subjectId)!];
    if (!result) return problem(M.SUBJECTS_UNKNOWN_SUBJECT(), 'UNKNOWN_SUBJECT');
    return { index, subjectId, outcome: result.changed ? 'UPDATED' : 'UNCHANGED', subject: result.row, problems: [] };
  });
  const changed = results.filter((result) => result.outcome === 'UPDATED').map((result) => result.subjectId);
  if (changed.length) ctx.audit.note('SUBJECT_REGISTRATION', changed, 'MUTATION');
  return results;
}
