import { badInput } from '../kit/errors.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { changeReportedRecord } from './record-changes.js';
import type { RecordStore } from './record-store.js';
import type { CreditRecordRow } from './tables.js';

/**
 * Commitments (信用承诺): the supervising unit marks one FULFILLED; a dishonesty record that breaches one marks
 * it BREACHED at intake (intake-store.ts markBreaches).
 */

export type CommitmentStatus = 'IN_FORCE' | 'FULFILLED' | 'BREACHED';

/**
 * A commitment as CommitmentState shows it: its status, and the dishonesty records that breached it as the
 * caller may see them, already asked of the loaders (the first breach, and all of them in order).
 */
export interface CommitmentView {
  status: CommitmentStatus;
  breachedBy: Promise<CreditRecordRow | null> | null;
  breaches: Promise<CreditRecordRow[]>;
}

/** A commitment's status as shown (IN_FORCE until fulfilled or breached); null for a record that is not a commitment. */
export const commitmentStatus = (row: CreditRecordRow): CommitmentStatus | null =>
  row.kind === 'COMMITMENT' ? (row.commitmentStatus ?? 'IN_FORCE') : null;

export function createCommitments(records: RecordStore) {
  return {
    fulfilCommitment(ctx: PolicyScope, recordId: string): Promise<CreditRecordRow> {
      return changeReportedRecord(ctx, records, recordId, (row) => {
        if (row.kind !== 'COMMITMENT') throw badInput('recordId', M.RECORDS_NOT_A_COMMITMENT({ category: row.category }));
        if (row.commitmentStatus === 'BREACHED') throw badInput('recordId', M.RECORDS_COMMITMENT_BREACHED());
        return { commitmentStatus: 'FULFILLED' };
      });
    },
  };
}

export type Commitments = ReturnType<typeof createCommitments>;
