import { timingSafeEqual } from 'node:crypto';
import { forbidden } from '../kit/errors.js';
import { createFailureLimiter } from '../kit/rate-limit.js';
import type { RequestScope } from '../kit/service.js';
import { hashQueryCode, type RepairsData } from './data.js';

const WINDOW_MS = 15 * 60_000;

const chinaDate = (at: Date | null): string | null => (at ? new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10) : null);

/**
 * 进度查询 without login (notice §11, §12): the number and its query code show the state, deadlines and
 * outcome, nothing else. A wrong code and an unknown number look the same; repeated failures are
 * refused per number and per client address for 15 minutes.
 */
export function createProgress(data: RepairsData) {
  const byNumber = createFailureLimiter({ limit: 5, windowMs: WINDOW_MS });
  const byClient = createFailureLimiter({ limit: 20, windowMs: WINDOW_MS });

  return async function applicationProgress(scope: Pick<RequestScope, 'client'>, numberInput: string, codeInput: string) {
    const number = numberInput.trim().toUpperCase();
    const code = codeInput.trim().toUpperCase();
    const client = scope.client ?? 'unknown';
    const blocked = byClient.blockedUntil(client) ?? byNumber.blockedUntil(number);
    if (blocked) throw forbidden(`too many wrong attempts: try again after ${blocked.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    const found = await data.caseByNumber(number);
    const expected = Buffer.from(found?.row.queryCodeHash ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(hashQueryCode(number, code), 'hex');
    if (!found || !timingSafeEqual(expected, given)) {
      byClient.fail(client);
      byNumber.fail(number);
      return null;
    }
    if (found.kind === 'REPAIR') {
      const { row } = found;
      return { number: row.number, kind: 'REPAIR', state: row.state, submittedOn: chinaDate(row.submittedAt), deadline: row.state === 'SUBMITTED' ? row.acceptBy : row.state === 'ACCEPTED' ? row.decideBy : null, decidedOn: chinaDate(row.decidedAt), outcomeReason: row.reason };
    }
    const { row } = found;
    return { number: row.number, kind: 'OBJECTION', state: row.state, submittedOn: chinaDate(row.submittedAt), deadline: row.state === 'SUBMITTED' ? row.verifyBy : null, decidedOn: chinaDate(row.resolvedAt), outcomeReason: row.outcomeReason };
  };
}
