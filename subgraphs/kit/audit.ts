import { and, arrayContains, desc, gte, lte, eq, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from './db.js';
import type { Principal } from './principal.js';
import { isPublic } from './access.js';
import { loadAnchoring, type Anchor, type AnchoringOptions } from './audit-anchor.js';
import { groupCommitAppender } from './audit-append.js';
import type { AuditCheckpointTable, AuditEntry, AuditTable } from './audit-hash.js';
import { chainVerifier, type ChainVerification } from './audit-verify.js';
import type { Env } from './config.js';
import { log } from './log.js';

export { chainHash, GENESIS_HASH, type AuditEntry, type AuditTable } from './audit-hash.js';
export type { ChainVerification } from './audit-verify.js';

/** Classes of non-public data an audit entry names (数据类别). */
export type DataClass =
  | 'PERSON_SUBJECT'
  | 'ID_NUMBER'
  | 'PERSONAL_CONTACT'
  | 'CREDIT_RECORD'
  | 'PERSON_RECORD'
  | 'PERSONAL_FACTS'
  | 'ADMINISTRATIVE_LICENCE'
  | 'PERSON_LICENCE'
  | 'REPAIR_CASE'
  | 'OBJECTION'
  | 'LIST_MEMBERSHIP'
  | 'SUPERVISION'
  | 'CREDIT_POINTS'
  | 'AUDIT_TRAIL'
  | 'TOLERANCE_POLICY'
  | 'LOAN_PROFILE'
  | 'MEASURE_FEEDBACK'
  | 'CREDIT_REPORT'
  /** An organisation's registration data (登记信息), as the registry changed it. */
  | 'SUBJECT_REGISTRATION';

export function describePrincipal(principal: Principal): string {
  return [principal.role, principal.unitId ?? principal.subjectId].filter(Boolean).join(':');
}

export interface AuditFilter {
  subjectId?: string | null;
  unitId?: string | null;
  from?: Date | null;
  to?: Date | null;
  limit?: number | null;
}

export interface AuditLogOptions {
  /** Settings AUDIT_ANCHOR_DIR and AUDIT_ANCHOR_INTERVAL_MS (see audit-anchor.ts). */
  env?: Env;
  /** Anchoring as given (tests); otherwise read from `env`. */
  anchoring?: AnchoringOptions;
}

/** A subgraph's trail and the checkpoints of its verification, both in the subgraph's schema. */
export interface AuditTables {
  log: AuditTable;
  checkpoints: AuditCheckpointTable;
}

/**
 * The audit trail of one subgraph: appended by group commit (audit-append.ts) so the chain never forks and
 * requests do not queue on its lock, queried, verified from its latest checkpoint (audit-verify.ts); and,
 * with an anchor store, its head anchored outside the database so a cut end is seen.
 */
export function createAuditLog(db: Db, tables: AuditTables, chainKey: string, options: AuditLogOptions = {}) {
  const table = tables.log;
  const { schema, name } = getTableConfig(table);
  const trail = schema ?? name;
  const { store, intervalMs } = options.anchoring ?? loadAnchoring(options.env ?? {}, trail, chainKey, db);
  if (!store && options.env?.NODE_ENV === 'production')
    log.warn(
      { trail },
      'audit trail not anchored: a database superuser could cut its end unseen; set AUDIT_ANCHOR_DIR to a folder shipped off the machine',
    );

  const head = async () => (await db.select({ seq: table.seq, hash: table.hash }).from(table).orderBy(desc(table.seq)).limit(1))[0] ?? null;

  /**
   * Signs and stores the head, if it is new and still descends from the latest anchor: after a cut the anchored
   * entry is gone (or differs), and anchoring the new head would hide the cut from every later verification.
   */
  async function anchorHead(): Promise<Anchor | null> {
    if (!store) return null;
    const { anchor: latest, problems } = await store.latest();
    if (problems.length)
      log.error({ trail, problems, store: store.where }, 'untrusted lines in the audit anchor store: someone without the key wrote there');
    const now = await head();
    const refuse = (why: string) => {
      log.error({ trail, anchoredSeq: latest?.seq, anchoredAt: latest?.at, headSeq: now?.seq }, `audit trail not anchored: ${why}`);
      return null;
    };
    if (!now) return latest ? refuse(`the trail is empty but was anchored at seq ${latest.seq}`) : null;
    if (latest) {
      if (now.seq === latest.seq && now.hash === latest.hash) return null;
      const [anchored] = await db.select({ hash: table.hash }).from(table).where(eq(table.seq, latest.seq));
      if (!anchored) return refuse(`the entry anchored at seq ${latest.seq} is gone: the end of the trail was cut`);
      if (anchored.hash !== latest.hash)
        return refuse(`the entry at seq ${latest.seq} no longer matches its anchor: the trail was rewound`);
    }
    const anchor: Anchor = { trail, seq: now.seq, hash: now.hash, at: new Date() };
    await store.append(anchor);
    return anchor;
  }

  // One anchoring at a time; after appends at most one per interval, the first at once.
  let running: Promise<Anchor | null> = Promise.resolve(null);
  let timer: NodeJS.Timeout | undefined;
  let lastAnchoring = 0;
  let unanchored = false;
  const anchor = (): Promise<Anchor | null> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    unanchored = false;
    lastAnchoring = Date.now();
    running = running.catch(() => null).then(anchorHead);
    return running;
  };
  const scheduleAnchor = () => {
    if (!store) return;
    unanchored = true;
    if (timer) return;
    timer = setTimeout(
      () =>
        void anchor().catch((error) => log.warn({ err: error, trail }, 'audit trail anchoring failed; will retry after the next entry')),
      Math.max(0, lastAnchoring + intervalMs - Date.now()),
    );
    timer.unref();
  };

  const verifier = chainVerifier(db, table, tables.checkpoints, chainKey, trail);
  const append = groupCommitAppender(db, table, chainKey, scheduleAnchor);

  return {
    /** Settles once these entries are durable; concurrent requests share one transaction. */
    append,

    async query(filter: AuditFilter) {
      const where: (SQL | undefined)[] = [
        filter.subjectId ? arrayContains(table.subjectIds, [filter.subjectId]) : undefined,
        filter.unitId ? eq(table.unitId, filter.unitId) : undefined,
        filter.from ? gte(table.at, filter.from) : undefined,
        filter.to ? lte(table.at, filter.to) : undefined,
      ];
      return db
        .select()
        .from(table)
        .where(and(...where))
        .orderBy(desc(table.seq))
        .limit(filter.limit ?? 100);
    },

    /**
     * From the latest verified checkpoint, so the cost follows the entries since; `full` from the first entry
     * (see audit-verify.ts). An intact trail is anchored again, so the next cut is measured from here.
     */
    async verify(options: { full?: boolean } = {}): Promise<ChainVerification> {
      // Read before the walk: whatever it anchored is in the rows the walk will see, unless they were cut.
      const { anchor: latest, problems } = store ? await store.latest() : { anchor: null, problems: [] };
      const result = await verifier.verify(latest, options.full ?? false);
      if (result.intact && store)
        await anchor().catch((error) => log.warn({ err: error, trail }, 'audit trail anchoring failed after verification'));
      return { ...result, anchoredSeq: latest?.seq ?? null, anchoredAt: latest?.at ?? null, anchorProblems: problems };
    },

    /** Anchors the head now (if anything is new); null when nothing was anchored. */
    anchor,

    /** Anchors what is still unanchored: call before the database connection closes. */
    async close(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (unanchored) await anchor();
      else await running.catch(() => null);
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

  /**
   * PUBLIC callers see only public data by construction: nothing of theirs needs a trace. A read that named no
   * subject read nothing non-public (the rows it filtered were all public, or there were none): no entry
   * either. A change is traced even when it names no subject (a tolerance policy, the points rules).
   */
  note(dataClass: DataClass, subjectIds: Iterable<string>, action: 'READ' | 'MUTATION' = 'READ'): void {
    if (isPublic(this.principal) && action === 'READ') return;
    const ids = [...subjectIds];
    if (action === 'READ' && !ids.length) return;
    const key = `${action}|${dataClass}`;
    const set = this.touched.get(key) ?? new Set<string>();
    for (const id of ids) set.add(id);
    this.touched.set(key, set);
  }

  /** Non-public data about no subject was read (e.g. trail entries that name none): traced all the same. */
  noteUnboundRead(dataClass: DataClass): void {
    if (isPublic(this.principal)) return;
    const key = `READ|${dataClass}`;
    this.touched.set(key, this.touched.get(key) ?? new Set<string>());
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
