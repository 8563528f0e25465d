import { createHmac } from 'node:crypto';
import { sameBytes } from './constant-time.js';
import { mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, type Env } from './config.js';
import type { Db } from './db.js';

/**
 * Anchors of the audit trails (查询留痕的锚点): now and then each subgraph signs the head of its trail (trail,
 * sequence, entry hash, time) with AUDIT_CHAIN_KEY and appends it to a store outside its database. A database
 * superuser can switch the append-only trigger off and cut the newest rows, and the HMAC chain stays whole
 * (new entries chain onto the new last row); the anchor, which they cannot forge or reach, still names the
 * entry that was there, so verification sees the cut.
 *
 * The store is an append-only file per trail in AUDIT_ANCHOR_DIR, for the operator to ship off the machine
 * (a log shipper, a WORM bucket, syslog). Not Redis: it is most often a cache without persistence, next to the
 * database and in the same hands. Not another subgraph's trail: in the usual deployment it lives on the same
 * database server, under the same superuser.
 */
export interface Anchor {
  /** The trail, by its subgraph's name (the audit table's schema). */
  trail: string;
  seq: number;
  hash: string;
  /** When the head was signed. */
  at: Date;
}

/** The latest anchor a store holds that is signed with our key, and what was passed over on the way to it. */
export interface LatestAnchor {
  anchor: Anchor | null;
  /** Lines after that anchor that could not be trusted (bad signature, not an anchor, another trail's). */
  problems: string[];
}

/** Where one trail's anchors are kept; appends only, and answers with the latest validly signed anchor. */
export interface AnchorStore {
  /** For messages: e.g. the file name. */
  readonly where: string;
  append(anchor: Anchor): Promise<void>;
  latest(): Promise<LatestAnchor>;
}

export interface AnchoringOptions {
  store: AnchorStore | null;
  /** At most one anchor per interval after appends (AUDIT_ANCHOR_INTERVAL_MS, default 10 s). */
  intervalMs: number;
}

export const DEFAULT_ANCHOR_INTERVAL_MS = 10_000;
const FORMAT = 'xt-audit-anchor/1';
/** Untrusted lines named in one answer; the rest are counted. */
const MAX_PROBLEMS = 10;

function signature(key: string, anchor: Anchor): string {
  // Its own domain, so an anchor signature is never mistaken for (or made from) a chain hash.
  const canonical = JSON.stringify([FORMAT, anchor.trail, anchor.seq, anchor.hash, anchor.at.toISOString()]);
  return createHmac('sha256', key).update(canonical).digest('hex');
}

/** One line of an anchor file: the anchor and its signature. */
export function anchorLine(key: string, anchor: Anchor): string {
  return JSON.stringify({
    trail: anchor.trail,
    seq: anchor.seq,
    hash: anchor.hash,
    at: anchor.at.toISOString(),
    sig: signature(key, anchor),
  });
}

/** Reads one line back: the anchor, or why it is not trusted. */
export function readAnchorLine(key: string, trail: string, line: string, where: string): Anchor | { problem: string } {
  let raw: { trail?: unknown; seq?: unknown; hash?: unknown; at?: unknown; sig?: unknown };
  try {
    raw = JSON.parse(line) as typeof raw;
  } catch {
    return { problem: `a line of ${where} is not an anchor (not JSON): not trusted` };
  }
  if (typeof raw !== 'object' || raw === null) return { problem: `a line of ${where} is not an anchor (not an object): not trusted` };
  const at = typeof raw.at === 'string' ? new Date(raw.at) : null;
  if (
    typeof raw.trail !== 'string' ||
    !Number.isSafeInteger(raw.seq) ||
    typeof raw.hash !== 'string' ||
    !at ||
    Number.isNaN(at.getTime()) ||
    typeof raw.sig !== 'string'
  ) {
    return { problem: `a line of ${where} is not an anchor (fields trail, seq, hash, at, sig): not trusted` };
  }
  const anchor: Anchor = { trail: raw.trail, seq: raw.seq as number, hash: raw.hash, at };
  const expected = Buffer.from(signature(key, anchor), 'hex');
  const given = Buffer.from(raw.sig, 'hex');
  const described = `seq ${anchor.seq} at ${raw.at}`;
  if (!sameBytes(given, expected)) return { problem: `an anchor in ${where} (${described}) has a bad signature: not trusted` };
  if (anchor.trail !== trail)
    return { problem: `an anchor in ${where} (${described}) is for the ${anchor.trail} trail, not ${trail}: not trusted` };
  return anchor;
}

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * `<dir>/<trail>.anchors.jsonl`, one signed anchor a line, appended and synced. The latest anchor is found
 * reading from the end, so verifying costs the same after a year of anchors as after a day.
 */
export function fileAnchorStore(options: { dir: string; trail: string; key: string }): AnchorStore {
  mkdirSync(options.dir, { recursive: true });
  const path = join(options.dir, `${options.trail}.anchors.jsonl`);
  const where = basename(path);
  return {
    where,
    async append(anchor) {
      const handle = await open(path, 'a', 0o640);
      try {
        await handle.write(`${anchorLine(options.key, anchor)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async latest() {
      const problems: string[] = [];
      let skipped = 0;
      const answer = (anchor: Anchor | null): LatestAnchor => ({
        anchor,
        problems: skipped ? [...problems, `${skipped} more untrusted lines in ${where}`] : problems,
      });
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return answer(null);
        throw error;
      }
      try {
        let end = (await handle.stat()).size;
        let carry = Buffer.alloc(0);
        while (end > 0) {
          const start = Math.max(0, end - CHUNK);
          const chunk = Buffer.alloc(end - start);
          await handle.read(chunk, 0, chunk.length, start);
          const data = Buffer.concat([chunk, carry]);
          // Above the chunk's first newline the line may begin in the chunk before: it is carried there.
          const first = start > 0 ? data.indexOf(NEWLINE) : -1;
          if (start > 0 && first === -1) {
            carry = data;
            end = start;
            continue;
          }
          carry = start > 0 ? data.subarray(0, first) : Buffer.alloc(0);
          const lines = data
            .subarray(first + 1)
            .toString('utf8')
            .split('\n');
          for (let i = lines.length - 1; i >= 0; i--) {
            const line = lines[i]!.trim();
            if (!line) continue;
            const read = readAnchorLine(options.key, options.trail, line, where);
            if (!('problem' in read)) return answer(read);
            if (problems.length < MAX_PROBLEMS) problems.push(read.problem);
            else skipped++;
          }
          end = start;
        }
        return answer(null);
      } finally {
        await handle.close();
      }
    },
  };
}

/** The embedded PGlite's folder on disk, if the trail lives there (not in memory, not on PostgreSQL). */
function embeddedDataDir(db: Db): string | undefined {
  // PGlite's client names its folder (memory: undefined); postgres.js's has no dataDir. No import of PGlite here,
  // which a production install does not have.
  const client = '$client' in db ? (db.$client as { dataDir?: unknown }) : undefined;
  return typeof client?.dataDir === 'string' ? client.dataDir : undefined;
}

/**
 * AUDIT_ANCHOR_DIR names the folder (`off` disables anchoring); the embedded PGlite on disk anchors beside its
 * data, in `.data/anchors` for `.data/pglite`. A trail in memory (tests) or on PostgreSQL without the setting
 * is not anchored: a default folder on a server would be one nobody ships off it.
 */
export function loadAnchoring(env: Env, trail: string, key: string, db: Db): AnchoringOptions {
  const raw = env.AUDIT_ANCHOR_INTERVAL_MS;
  const intervalMs = raw === undefined || raw === '' ? DEFAULT_ANCHOR_INTERVAL_MS : Number(raw);
  if (!Number.isInteger(intervalMs) || intervalMs < 0)
    throw new ConfigError(`AUDIT_ANCHOR_INTERVAL_MS must be a whole number of milliseconds (0 or more), got "${raw}"`);
  const setting = env.AUDIT_ANCHOR_DIR?.trim();
  if (setting === 'off') return { store: null, intervalMs };
  const embedded = embeddedDataDir(db);
  const dir = setting ? resolve(setting) : embedded && !embedded.includes('://') ? join(dirname(resolve(embedded)), 'anchors') : undefined;
  return { store: dir ? fileAnchorStore({ dir, trail, key }) : null, intervalMs };
}
