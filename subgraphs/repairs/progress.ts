import { chinaDateOf, chinaToday } from '../kit/time.js';
import { KIT_MESSAGES } from '../kit/kit-messages.js';
import { sameBytes } from '../kit/constant-time.js';
import { createRateLimiter, rateLimited, type LimitStore } from '../kit/rate-limit.js';
import type { RequestScope } from '../kit/service.js';
import { hashQueryCode } from './case-numbers.js';
import type { CaseStore } from './case-store.js';
import type { CaseProgress } from './generated/graphql.js';

const WINDOW_MS = 15 * 60_000;

/**
 * 进度查询 without login (notice §11, §12): the number and its query code show the state, deadlines and
 * outcome, nothing else. A wrong code and an unknown number look the same. Wrong codes are counted per
 * client address and number (5), per address (20) and per number from all addresses (100) in 15 minutes:
 * a stranger cannot lock an applicant out from one address, and guessing a code is hopeless from many.
 */
export function createProgress(cases: CaseStore, store: LimitStore) {
  const byClientAndNumber = createRateLimiter(store, { name: 'progress-client-number', points: 5, windowMs: WINDOW_MS });
  const byClient = createRateLimiter(store, { name: 'progress-client', points: 20, windowMs: WINDOW_MS });
  const byNumber = createRateLimiter(store, { name: 'progress-number', points: 100, windowMs: WINDOW_MS });

  return async function applicationProgress(
    scope: Pick<RequestScope, 'client'>,
    numberInput: string,
    codeInput: string,
  ): Promise<CaseProgress | null> {
    const number = numberInput.trim().toUpperCase();
    const code = codeInput.trim().toUpperCase();
    const client = scope.client ?? 'unknown';
    const pair = `${client}|${number}`;
    for (const decision of await Promise.all([byClient.check(client), byClientAndNumber.check(pair), byNumber.check(number)])) {
      if (!decision.allowed) throw rateLimited(KIT_MESSAGES.QUERY_CODE_ATTEMPTS_TOO_MANY(), decision.retryAfterMs);
    }
    const found = await cases.caseByNumber(number);
    const expected = Buffer.from(found?.row.queryCodeHash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(hashQueryCode(number, code), 'hex');
    if (!found || !sameBytes(given, expected)) {
      await Promise.all([byClient.consume(client), byClientAndNumber.consume(pair), byNumber.consume(number)]);
      return null;
    }
    if (found.kind === 'REPAIR') {
      const { row } = found;
      return {
        number: row.number,
        kind: 'REPAIR',
        state: row.state,
        submittedOn: chinaToday(row.submittedAt),
        deadline: row.state === 'SUBMITTED' ? row.acceptBy : row.state === 'ACCEPTED' ? row.decideBy : null,
        decidedOn: chinaDateOf(row.decidedAt),
        outcomeReason: row.reason,
      };
    }
    const { row } = found;
    // CORRECTED: until the corrected record arrives, the unit's deadline for re-sending it (the record is withheld meanwhile).
    const deadline =
      row.state === 'SUBMITTED' ? row.verifyBy : row.state === 'CORRECTED' && !row.correctionReceivedAt ? row.correctBy : null;
    return {
      number: row.number,
      kind: 'OBJECTION',
      state: row.state,
      submittedOn: chinaToday(row.submittedAt),
      deadline,
      decidedOn: chinaDateOf(row.resolvedAt),
      outcomeReason: row.outcomeReason,
    };
  };
}

export type Progress = ReturnType<typeof createProgress>;
