import { badInput } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { MAX_REGISTRATIONS, type RegistrationProblem } from './registration.js';
import type { RegistrationStore } from './registration-store.js';
import type { SubjectRow } from './tables.js';

export interface SubjectDesignationInput {
  subjectId: string;
  tags: string[];
}

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
 * A call is one list: written whole in one transaction with the events that tell repairs and incentives.
 */
export async function designateSubjects(ctx: PolicyScope & { registration: RegistrationStore }, items: SubjectDesignationInput[], reason: string): Promise<DesignationResult[]> {
  if (items.length === 0) throw badInput('input', 'is empty');
  if (items.length > MAX_REGISTRATIONS) throw badInput('input', `at most ${MAX_REGISTRATIONS} items per call, got ${items.length}; split the batch`);
  if (!reason.trim()) throw badInput('reason', 'is required: the basis of the designation (e.g. the list it comes from)');
  const wanted = items.map((item) => ({ id: item.subjectId.trim(), tags: [...new Set(item.tags)] }));
  const done = await ctx.registration.designate(wanted);
  const results: DesignationResult[] = done.map((result, index) => {
    const subjectId = wanted[index]!.id;
    if (!result) return { index, subjectId, outcome: 'REJECTED', subject: null, problems: [{ field: `input[${index}].subjectId`, reason: '没有该主体的信用档案', code: 'UNKNOWN_SUBJECT' }] };
    return { index, subjectId, outcome: result.changed ? 'UPDATED' : 'UNCHANGED', subject: result.row, problems: [] };
  });
  const changed = results.filter((result) => result.outcome === 'UPDATED').map((result) => result.subjectId);
  if (changed.length) ctx.audit.note('SUBJECT_REGISTRATION', changed, 'MUTATION');
  return results;
}
