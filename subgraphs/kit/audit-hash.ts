import { createHmac } from 'node:crypto';
import type { auditCheckpointTable, auditTable } from './audit-table.js';

export type AuditTable = ReturnType<typeof auditTable>;
export type AuditCheckpointTable = ReturnType<typeof auditCheckpointTable>;

export interface AuditEntry {
  at: Date;
  requestId: string;
  principal: string;
  unitId: string | null;
  operation: string;
  action: 'READ' | 'MUTATION';
  dataClass: string;
  subjectIds: string[];
}

export const GENESIS_HASH = '0'.repeat(64);

/** Keyed, so that someone who can write the table cannot recompute a consistent chain without the key. */
export function chainHash(key: string, prevHash: string, entry: AuditEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    entry.at.toISOString(),
    entry.requestId,
    entry.principal,
    entry.unitId,
    entry.operation,
    entry.action,
    entry.dataClass,
    entry.subjectIds,
  ]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export interface Checkpoint {
  seq: number;
  hash: string;
  verifiedAt: Date;
}

/** Its own domain, so a checkpoint's signature is never a chain hash or an anchor's signature. */
export function checkpointSignature(key: string, trail: string, checkpoint: Checkpoint): string {
  const canonical = JSON.stringify(['xt-audit-checkpoint/1', trail, checkpoint.seq, checkpoint.hash, checkpoint.verifiedAt.toISOString()]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}
