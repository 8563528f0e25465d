import { isResponsibleFor } from '../kit/access.js';
import { forbidden } from '../kit/errors.js';
import type { PolicyScope } from '../kit/field-policy.js';
import { RECORDS_MESSAGES as M } from './messages.js';
import type { RecordStore } from './record-store.js';
import type { CreditRecordRow, NewCreditRecordRow } from './tables.js';

/**
 * A reported record changed after intake (rectification.ts, commitment.ts). Only the unit that reported the
 * record, or the credit office, changes it; `decide` says what changes (null: nothing), the store locks the
 * row, writes and publishes the change in one transaction, and a change is audited.
 */
export async function changeReportedRecord(
  ctx: PolicyScope,
  records: RecordStore,
  recordId: string,
  decide: (row: CreditRecordRow) => Partial<NewCreditRecordRow> | null,
): Promise<CreditRecordRow> {
  const { row, changed } = await records.changeRecord(recordId, (row) => {
    if (!isResponsibleFor(ctx.principal, row.reportingUnitId)) throw forbidden(M.RECORDS_CHANGE_NOT_RESPONSIBLE());
    return decide(row);
  });
  if (changed) ctx.audit.note(row.subjectIsPerson ? 'PERSON_RECORD' : 'CREDIT_RECORD', [row.subjectId], 'MUTATION');
  return row;
}
