import { badInput } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { log } from '../kit/log.js';
import { chinaToday } from '../kit/time.js';
import type { SubjectRegistrationInput } from './generated/graphql.js';
import { SUBJECTS_MESSAGES as M } from './messages.js';
import type { RegistrationStore } from './registration-store.js';
import {
  decideRegistration,
  MAX_REGISTRATIONS,
  prepareRegistration,
  type PreparedRegistration,
  type RegistrationProblem,
} from './registration.js';
import type { SubjectRow } from './tables.js';

/** The registry's call (registerSubjects): its items checked and decided (registration.ts), then written. */

export interface RegistrationResult {
  index: number;
  creditCode: string;
  outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';
  subject: SubjectRow | null;
  problems: RegistrationProblem[];
}

const rejected = (index: number, creditCode: string, problems: RegistrationProblem[]): RegistrationResult => ({
  index,
  creditCode,
  outcome: 'REJECTED',
  subject: null,
  problems,
});

/**
 * 登记信息: the registry's data for organisations, item by item. Each item is checked alone, then decided
 * against its file as it is: an item that changes nothing is UNCHANGED without a write; any other is
 * written in its own savepoint of the call's transaction, so a rejected or failing item never blocks the others. The field policy has
 * already refused callers who are not the registry.
 */
export async function registerSubjects(
  ctx: PolicyScope & { registration: RegistrationStore },
  items: SubjectRegistrationInput[],
): Promise<RegistrationResult[]> {
  if (items.length === 0) throw badInput('input', KIT_MESSAGES.EMPTY());
  if (items.length > MAX_REGISTRATIONS) throw badInput('input', M.SUBJECTS_BATCH_TOO_LARGE({ max: MAX_REGISTRATIONS, got: items.length }));
  const today = chinaToday();
  const prepared = items.map((item, index) => prepareRegistration(item, `input[${index}]`, today));
  const codes = prepared.flatMap((p) => ('registration' in p ? [p.registration.code] : []));
  // Kept up to date as items are written: the same code twice in one call is decided against the first's result.
  const files = new Map((await ctx.registration.filesByIds([...new Set(codes)])).map((row) => [row.id, row]));
  const fast = await registerSetBased(ctx, items, prepared, files);
  if (fast) return fast;
  const results: RegistrationResult[] = [];
  // One transaction for the call, a savepoint for each item: a failing item undoes only itself, and the call
  // commits once (a commit an item would cost the registry's nightly batch dearly).
  await ctx.registration.batch(async (tx) => {
    for (const [index, item] of items.entries()) {
      const at = `input[${index}]`;
      const checked = prepared[index]!;
      if ('problems' in checked) {
        results.push(rejected(index, item.creditCode.trim().toUpperCase(), checked.problems));
        continue;
      }
      const { code } = checked.registration;
      const known = files.get(code) ?? null;
      const early = decideRegistration(known, checked.registration, at);
      if (early.outcome === 'UNCHANGED' || early.outcome === 'REJECTED') {
        results.push(
          early.outcome === 'REJECTED'
            ? rejected(index, code, early.problems)
            : { index, creditCode: code, outcome: 'UNCHANGED', subject: known, problems: [] },
        );
        continue;
      }
      try {
        const { decision, row } = await ctx.registration.register(
          code,
          (existing) => decideRegistration(existing, checked.registration, at),
          tx,
        );
        if (row) files.set(code, row);
        if (decision.outcome === 'REJECTED') results.push(rejected(index, code, decision.problems));
        else {
          if (decision.outcome !== 'UNCHANGED') ctx.audit.note('SUBJECT_REGISTRATION', [code], 'MUTATION');
          results.push({ index, creditCode: code, outcome: decision.outcome, subject: row, problems: [] });
        }
      } catch (error) {
        // Its savepoint rolled back: nothing of this item was stored; the others stand.
        log.error({ err: error, requestId: ctx.requestId, creditCode: code }, 'registration item could not be stored');
        results.push(rejected(index, code, [{ field: at, reason: M.SUBJECTS_NOT_STORED(), code: 'NOT_STORED' }]));
      }
    }
  });
  return results;
}

/**
 * The usual call (each code once, nothing failing) in a few statements whatever its length; null when the call
 * repeats a code (the second is decided against the first's result) or the store refused the batch: then item by item.
 */
async function registerSetBased(
  ctx: PolicyScope & { registration: RegistrationStore },
  items: SubjectRegistrationInput[],
  prepared: ReturnType<typeof prepareRegistration>[],
  files: Map<string, SubjectRow>,
): Promise<RegistrationResult[] | null> {
  const results: (RegistrationResult | null)[] = items.map(() => null);
  const writes: { index: number; code: string; registration: PreparedRegistration }[] = [];
  for (const [index, item] of items.entries()) {
    const checked = prepared[index]!;
    if ('problems' in checked) {
      results[index] = rejected(index, item.creditCode.trim().toUpperCase(), checked.problems);
      continue;
    }
    const { code } = checked.registration;
    const early = decideRegistration(files.get(code) ?? null, checked.registration, `input[${index}]`);
    if (early.outcome === 'REJECTED') results[index] = rejected(index, code, early.problems);
    else if (early.outcome === 'UNCHANGED')
      results[index] = { index, creditCode: code, outcome: 'UNCHANGED', subject: files.get(code) ?? null, problems: [] };
    else writes.push({ index, code, registration: checked.registration });
  }
  if (new Set(writes.map((write) => write.code)).size !== writes.length) return null;
  if (writes.length) {
    const stored = await ctx.registration.registerAll(
      writes.map(({ index, code, registration }) => ({
        id: code,
        decide: (existing: SubjectRow | null) => decideRegistration(existing, registration, `input[${index}]`),
      })),
    );
    if (!stored) return null;
    stored.forEach(({ decision, row }, i) => {
      const { index, code } = writes[i]!;
      if (decision.outcome === 'REJECTED') results[index] = rejected(index, code, decision.problems);
      else {
        if (decision.outcome !== 'UNCHANGED') ctx.audit.note('SUBJECT_REGISTRATION', [code], 'MUTATION');
        results[index] = { index, creditCode: code, outcome: decision.outcome, subject: row, problems: [] };
      }
    });
  }
  return results.map((result) => result!);
}
