import { createHmac } from 'node:crypto';
import { and, arrayContains, asc, desc, gt, gte, lte, eq, sql, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { auditTable } from './audit-table.js';
import type { Db } from './db.js';
import type { Principal } from './principal.js';
import { isPublic } from './access.js';

export type AuditTable = ReturnType<typeof auditTable>;

/** Classes of non-public data an audit entry names (数据类别). */
export type DataClass =
  | 'PERSON_SUBJECT'
  | 'ID_NUMBER'
  | 'PERSONAL_CONTACT'
  | 'CREDIT_RECORD'
  | 'PERSON_RECORD'
  | 'PERSONAL_FACTS'
  | 'REPAIR_CASE'
  | 'OBJECTION'
  | 'LIST_MEMBERSHIP'
  | 'SUPERVISION'
  | 'CREDIT_POINTS'
  | 'AUDIT_TRAIL'
  | 'TOLERANCE_POLICY'
  | 'LOAN_PROFILE'
  | 'MEASURE_FEEDBACK'
  | 'CREDIT_REPORT';

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

export function describePrincipal(principal: Principal): string {
  return [principal.role, principal.unitId ?? principal.subjectId].filter(Boolean).join(':');
}

/** Keyed, so that someone who can write the table cannot recompute a consistent chain without the key. */
export function chainHash(key: string, prevHash: string, entry: AuditEntry): string {
  const canonical = JSON.stringify([prevHash, entry.at.toISOString(), entry.requestId, entry.principal, entry.unitId, entry.operation, entry.action, entry.dataClass, entry.subjectIds]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

export interface AuditFilter {
  subjectId?: string | null;
  unitId?: string | null;
  from?: Date | null;
  to?: Date | null;
  limit?: number | null;
}

export interface ChainVerification {
  intact: boolean;
  checkedEntries: number;
  firstBrokenSeq: number | null;
  problem: string | null;
  headHash: string;
}

/** The audit trail of one subgraph: append under a lock so the chain never forks, query, verify. */
export function createAuditLog(db: Db, table: AuditTable, chainKey: string) {
  const { schema, name } = getTableConfig(table);
  const lockKey = `${schema}.${name}`;
  return {
    async append(entries: AuditEntry[]): Promise<void> {
      if (!entries.length) return;
      await db.transaction(async (tx) => {
        // Concurrent writers would both chain onto the same head: serialise appends per trail.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
        const [head] = await tx.select({ hash: table.hash }).from(table).orderBy(desc(table.seq)).limit(1);
        let prevHash = head?.hash ?? GENESIS_HASH;
        const rows = entries.map((entry) => {
          const hash = chainHash(chainKey, prevHash, entry);
          const row = { ...entry, prevHash, hash };
          prevHash = hash;
          return row;
        });
        await tx.insert(table).values(rows);
      });
    },

    async query(filter: AuditFilter) {
      const where: (SQL | undefined)[] = [
        filter.subjectId ? arrayContains(table.subjectIds, [filter.subjectId]) : undefined,
        filter.unitId ? eq(table.unitId, filter.unitId) : undefined,
        filter.from ? gte(table.at, filter.from) : undefined,
        filter.to ? lte(table.at, filter.to) : undefined,
      ];
      return db.select().from(table).where(and(...where)).orderBy(desc(table.seq)).limit(filter.limit ?? 100);
    },

    /** Walks the whole chain in order: an altered row breaks its own hash, a removed one its successor's link. */
    async verify(): Promise<ChainVerification> {
      let prevHash = GENESIS_HASH;
      let checked = 0;
      let afterSeq = 0;
      for (;;) {
        const batch = await db.select().from(table).where(gt(table.seq, afterSeq)).orderBy(asc(table.seq)).limit(1000);
        if (!batch.length) break;
        for (const row of batch) {
          const broken = (problem: string): ChainVerification => ({ intact: false, checkedEntries: checked, firstBrokenSeq: row.seq, problem, headHash: prevHash });
          if (row.prevHash !== prevHash) return broken('link to the previous entry does not match: an entry before this one was removed or altered');
          if (chainHash(chainKey, prevHash, { ...row, action: row.action as AuditEntry['action'] }) !== row.hash) return broken('entry content does not match its hash: this entry was altered');
          prevHash = row.hash;
          checked++;
          afterSeq = row.seq;
        }
      }
      return { intact: true, checkedEntries: checked, firstBrokenSeq: null, problem: null, headHash: prevHash };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/** Collects what one request touched; the subgraph writes it as audit entries before answering. */
export class AuditCollector {
  private readonly touched = new Map<string, Set<string>>();

  constructor(
    private readonly principal: Principal,
    private readonly requestId: string,
    private readonly operation: string,
  ) {}

  /** PUBLIC callers see only public data by construction: nothing of theirs needs a trace. */
  note(dataClass: DataClass, subjectIds: Iterable<string>, action: 'READ' | 'MUTATION' = 'READ'): void {
    if (isPublic(this.principal) && action === 'READ') return;
    const key = `${action}|${dataClass}`;
    const set = this.touched.get(key) ?? new Set<string>();
    for (const id of subjectIds) set.add(id);
    this.touched.set(key, set);
  }

  entries(at = new Date()): AuditEntry[] {
    return [...this.touched].map(([key, ids]) => {
      const [action, dataClass] = key.split('|') as [AuditEntry['action'], string];
      return {
        at,
        requestId: this.requestId,
        principal: describePrincipal(this.principal),
        unitId: this.principal.unitId ?? null,
        operation: this.operation,
        action,
        dataClass,
        subjectIds: [...ids].sort(),
      };
    });
  }
}
