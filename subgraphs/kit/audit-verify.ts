import { sameBytes } from './constant-time.js';
import { asc, desc, eq, gt, lt, max, min } from 'drizzle-orm';
import type { Anchor } from './audit-anchor.js';
import {
  chainHash,
  checkpointSignature,
  GENESIS_HASH,
  type AuditCheckpointTable,
  type AuditEntry,
  type AuditTable,
  type Checkpoint,
} from './audit-hash.js';
import type { Db } from './db.js';
import { log } from './log.js';

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
  /** The verified checkpoint this check started after (entries up to it were found intact then); null: walked from the first entry. */
  checkpointSeq: number | null;
  checkpointAt: Date | null;
}

type Walked = Pick<ChainVerification, 'intact' | 'checkedEntries' | 'firstBrokenSeq' | 'problem' | 'headHash'> & { headSeq: number };

/** Checkpoints read to find one that is trusted; past them the trail is walked from its first entry. */
const CHECKPOINTS_TRIED = 20;

/**
 * Verification of one trail: the chain re-computed from the latest verified checkpoint (or from the first
 * entry), the checkpoint's and the latest anchor's entries looked up where they must be, and a new
 * checkpoint signed when all of it holds.
 */
export function chainVerifier(db: Db, table: AuditTable, checkpoints: AuditCheckpointTable, chainKey: string, trail: string) {
  const signatureHolds = (row: Checkpoint & { signature: string }) => {
    const expected = Buffer.from(checkpointSignature(chainKey, trail, row), 'hex');
    const given = Buffer.from(row.signature, 'hex');
    return sameBytes(given, expected);
  };

  /** The newest checkpoint signed with our key; one someone wrote without it is passed over and logged. */
  async function latestCheckpoint(): Promise<Checkpoint | null> {
    const rows = await db.select().from(checkpoints).orderBy(desc(checkpoints.seq)).limit(CHECKPOINTS_TRIED);
    for (const row of rows) {
      if (signatureHolds(row)) return { seq: row.seq, hash: row.hash, verifiedAt: row.verifiedAt };
      log.error({ trail, seq: row.seq }, 'audit checkpoint with a bad signature: someone without the key wrote it; not trusted');
    }
    return null;
  }

  /** The chain after `from` (the first entry's predecessor is the genesis hash). */
  async function walk(from: Checkpoint | null): Promise<Walked> {
    let prevHash = from?.hash ?? GENESIS_HASH;
    let afterSeq = from?.seq ?? 0;
    let checked = 0;
    for (;;) {
      const batch = await db.select().from(table).where(gt(table.seq, afterSeq)).orderBy(asc(table.seq)).limit(1000);
      if (!batch.length) break;
      for (const row of batch) {
        const broken = (problem: string): Walked => ({
          intact: false,
          checkedEntries: checked,
          firstBrokenSeq: row.seq,
          problem,
          headHash: prevHash,
          headSeq: afterSeq,
        });
        if (row.prevHash !== prevHash)
          return broken('link to the previous entry does not match: an entry before this one was removed or altered');
        if (chainHash(chainKey, prevHash, { ...row, action: row.action as AuditEntry['action'] }) !== row.hash)
          return broken('entry content does not match its hash: this entry was altered');
        prevHash = row.hash;
        checked++;
        afterSeq = row.seq;
      }
    }
    return { intact: true, checkedEntries: checked, firstBrokenSeq: null, problem: null, headHash: prevHash, headSeq: afterSeq };
  }

  /** Whether the entry a signed anchor or checkpoint names is still there, unchanged: why not, if not. */
  async function heldAgainst(
    expected: { seq: number; hash: string; at: Date },
    verb: 'anchored' | 'verified',
  ): Promise<{ firstBrokenSeq: number; problem: string } | null> {
    const [there] = await db.select({ hash: table.hash }).from(table).where(eq(table.seq, expected.seq));
    if (there?.hash === expected.hash) return null;
    const on = expected.at.toISOString();
    if (there)
      return {
        firstBrokenSeq: expected.seq,
        problem: `the entry at seq ${expected.seq} does not match the hash ${verb} on ${on}: the trail was rewound and rewritten from there`,
      };
    const [before] = await db
      .select({ seq: max(table.seq) })
      .from(table)
      .where(lt(table.seq, expected.seq));
    const [after] = await db
      .select({ seq: min(table.seq) })
      .from(table)
      .where(gt(table.seq, expected.seq));
    const lastBefore = before?.seq == null ? null : Number(before.seq);
    const firstAfter = after?.seq == null ? null : Number(after.seq);
    const named = `was ${verb} at seq ${expected.seq} on ${on}`;
    if (firstAfter !== null)
      return {
        firstBrokenSeq: firstAfter,
        problem: `the trail skips from seq ${lastBefore ?? 0} to seq ${firstAfter} but ${named}: its end was cut and new entries were appended after the cut`,
      };
    return {
      firstBrokenSeq: expected.seq,
      problem: `${lastBefore === null ? 'the trail is empty' : `the trail ends at seq ${lastBefore}`} but ${named}: its end was cut`,
    };
  }

  async function saveCheckpoint(seq: number, hash: string): Promise<void> {
    const checkpoint = { seq, hash, verifiedAt: new Date() };
    await db
      .insert(checkpoints)
      .values({ ...checkpoint, signature: checkpointSignature(chainKey, trail, checkpoint) })
      .onConflictDoNothing();
  }

  return {
    /**
     * An altered row breaks its own hash, a removed one its successor's link, a cut end the latest anchor
     * (or checkpoint): its entry is missing or differs. `full` walks from the first entry: only that sees a row
     * altered, by someone who switched the trigger off, before the latest checkpoint.
     */
    async verify(latest: Anchor | null, full: boolean): Promise<Omit<ChainVerification, 'anchoredSeq' | 'anchoredAt' | 'anchorProblems'>> {
      const trusted = full ? null : await latestCheckpoint();
      const checkpointBroken = trusted ? await heldAgainst({ ...trusted, at: trusted.verifiedAt }, 'verified') : null;
      // A checkpoint whose entry changed proves nothing: everything is walked again, and the change reported.
      const start = checkpointBroken ? null : trusted;
      const walked = await walk(start);
      const anchorBroken = walked.intact && latest ? await heldAgainst(latest, 'anchored') : null;
      const broken = walked.intact ? (anchorBroken ?? checkpointBroken) : null;
      const { headSeq, ...result } = walked;
      const outcome = broken ? { ...result, intact: false, ...broken } : result;
      if (outcome.intact && headSeq > (start?.seq ?? 0)) await saveCheckpoint(headSeq, result.headHash);
      return { ...outcome, checkpointSeq: start?.seq ?? null, checkpointAt: start?.verifiedAt ?? null };
    },
  };
}
