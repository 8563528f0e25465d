import { createHmac } from 'node:crypto';
import { and, arrayContains, asc, desc, gt, gte, lte, eq, sql, type SQL } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { auditTable } from './audit-table.js';
import type { Db } from './db.js';
import type { Principal } from './principal.js';
import { isPublic } from './access.js';
import { loadAnchoring, type Anchor, type AnchoringOptions } from './audit-anchor.js';
import type { Env } from './config.js';
import { log } from './log.js';

export type AuditTable = ReturnType<typeof auditTable>;

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
  /** The latest validly signed anchor the trail was checked against, if any. */
  anchoredSeq: number | null;
  anchoredAt: Date | null;
  /** Anchors passed over as untrusted (bad signature, not an anchor): reported, never used. */
  anchorProblems: string[];
}

export interface AuditLogOptions {
  /** Settings AUDIT_ANCHOR_DIR and AUDIT_ANCHOR_INTERVAL_MS (see audit-anchor.ts). */
  env?: Env;
  /** Anchoring as given (tests); otherwise read from `env`. */
  anchoring?: AnchoringOptions;
}

/**
 * The audit trail of one subgraph: append under a lock so the chain never forks, query, verify; and, with an
 * anchor store, its head anchored outside the database so a cut end is seen.
 */
export function createAuditLog(db: Db, table: AuditTable, chainKey: string, options: AuditLogOptions = {}) {
  const { schema, name } = getTableConfig(table);
  const lockKey = `${schema}.${name}`;
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

  /** Walks the whole chain in order, then holds it against the latest anchor. */
  async function walk(latest: Anchor | null): Promise<Omit<ChainVerification, 'anchoredSeq' | 'anchoredAt' | 'anchorProblems'>> {
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let afterSeq = 0;
    // What the trail holds around the anchored sequence: the entry there, the last before it, the first after.
    let anchoredHash: string | null = null;
    let lastBefore: number | null = null;
    let firstAfter: number | null = null;
    for (;;) {
      const batch = await db.select().from(table).where(gt(table.seq, afterSeq)).orderBy(asc(table.seq)).limit(1000);
      if (!batch.length) break;
      for (const row of batch) {
        const broken = (problem: string) => ({
          intact: false,
          checkedEntries: checked,
          firstBrokenSeq: row.seq,
          problem,
          headHash: prevHash,
        });
        if (row.prevHash !== prevHash)
          return broken('link to the previous entry does not match: an entry before this one was removed or altered');
        if (chainHash(chainKey, prevHash, { ...row, action: row.action as AuditEntry['action'] }) !== row.hash)
          return broken('entry content does not match its hash: this entry was altered');
        if (latest && row.seq < latest.seq) lastBefore = row.seq;
        if (latest && row.seq === latest.seq) anchoredHash = row.hash;
        if (latest && row.seq > latest.seq) firstAfter ??= row.seq;
        prevHash = row.hash;
        checked++;
        afterSeq = row.seq;
      }
    }
    const intact = { intact: true, checkedEntries: checked, firstBrokenSeq: null, problem: null, headHash: prevHash };
    if (!latest || anchoredHash === latest.hash) return intact;
    const cut = (firstBrokenSeq: number, problem: string) => ({ ...intact, intact: false, firstBrokenSeq, problem });
    const on = latest.at.toISOString();
    if (anchoredHash !== null)
      return cut(
        latest.seq,
        `the entry at seq ${latest.seq} does not match the hash anchored on ${on}: the trail was rewound and rewritten from there`,
      );
    if (firstAfter !== null)
      return cut(
        firstAfter,
        `the trail skips from seq ${lastBefore ?? 0} to seq ${firstAfter} but was anchored at seq ${latest.seq} on ${on}: its end was cut and new entries were appended after the cut`,
      );
    return cut(
      latest.seq,
      `${lastBefore === null ? 'the trail is empty' : `the trail ends at seq ${lastBefore}`} but was anchored at seq ${latest.seq} on ${on}: its end was cut`,
    );
  }

  return {
    async append(entries: AuditEntry[]): Promise<void> {
      if (!entries.length) return;
      await db.transaction(async (tx) => {
        // Concurrent writers would both chain onto the same head: serialise appends per trail.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`);
        const [last] = await tx.select({ hash: table.hash }).from(table).orderBy(desc(table.seq)).limit(1);
        let prevHash = last?.hash ?? GENESIS_HASH;
        const rows = entries.map((entry) => {
          const hash = chainHash(chainKey, prevHash, entry);
          const row = { ...entry, prevHash, hash };
          prevHash = hash;
          return row;
        });
        await tx.insert(table).values(rows);
      });
      scheduleAnchor();
    },

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
     * An altered row breaks its own hash, a removed one its successor's link, and a cut end the latest anchor:
     * its entry is missing or differs. A whole trail is anchored again, so the next cut is measured from here.
     */
    async verify(): Promise<ChainVerification> {
      // Read before the walk: whatever it anchored is in the rows the walk will see, unless they were cut.
      const { anchor: latest, problems } = store ? await store.latest() : { anchor: null, problems: [] };
      const result = await walk(latest);
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
