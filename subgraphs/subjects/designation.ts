import { describePrincipal } from '../kit/audit.js';
import { badInput } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import type { DesignationStore } from './designation-store.js';
import type { SubjectDesignationInput } from './generated/graphql.js';
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
  if (items.length === 0) throw badInput('input', 'is empty');
  if (items.length > MAX_REGISTRATIONS)
    throw badInput('input', `at most ${MAX_REGISTRATIONS} items per call, got ${items.length}; split the batch`);
  if (!reason.trim()) throw badInput('reason', 'is required: the basis of the designation (e.g. the list it comes from)');
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
    const problem = (reason: string, code: 'UNKNOWN_SUBJECT' | 'DUPLICATE_IN_CALL'): DesignationResult => ({
      index,
      subjectId,
      outcome: 'REJECTED',
      subject: null,
      problems: [{ field: `input[${index}].subjectId`, reason, code }],
    });
    if (firstAt.get(subjectId) !== index)
      return problem(`同一主体在本次认定中重复出现（见 input[${firstAt.get(subjectId)}]），每个主体只能出现一次`, 'DUPLICATE_IN_CALL');
    const result = stored[done.get(subjectId)!];
    if (!result) return problem('没有该主体的信用档案', 'UNKNOWN_SUBJECT');
    return { index, subjectId, outcome: result.changed ? 'UPDATED' : 'UNCHANGED', subject: result.row, problems: [] };
  });
  const changed = results.filter((result) => result.outcome === 'UPDATED').map((result) => result.subjectId);
  if (changed.length) ctx.audit.note('SUBJECT_REGISTRATION', changed, 'MUTATION');
  return results;
}
