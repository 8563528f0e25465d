import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish, type Tx } from '../kit/events.js';
import { recordChangedEvent } from './record-events.js';
import {
  certificateDirectory,
  creditRecords,
  recordsOutbox,
  settings,
  tolerancePolicies,
  type CreditRecordRow,
  type NewCreditRecordRow,
  type TolerancePolicyRow,
} from './tables.js';

const EMERGENCY_END = 'emergency_response_end';

/** The SQL of tolerance (包容审慎): the policies, the end of the emergency response, the certificates claims cite. */
export function createToleranceStore(db: Db) {
  return {
    async policies(): Promise<TolerancePolicyRow[]> {
      return db.select().from(tolerancePolicies).orderBy(tolerancePolicies.id);
    },

    /** The notice's policies exist from the first start; the credit office's later edits are kept. */
    async ensurePolicies(defaults: TolerancePolicyRow[]): Promise<void> {
      await db.insert(tolerancePolicies).values(defaults).onConflictDoNothing();
    },

    async emergencyResponse(): Promise<{ endedOn: string | null; setBy: string | null; setAt: Date | null }> {
      const [row] = await db.select().from(settings).where(eq(settings.key, EMERGENCY_END));
      return { endedOn: row?.value ?? null, setBy: row?.setBy ?? null, setAt: row?.setAt ?? null };
    },

    /**
     * Sets the end of the emergency response and, in the same transaction, re-dates every DEFERRED record whose
     * deferral counts from it (`redate` says how), publishing each change. Returns the records re-dated.
     */
    async endEmergencyResponse(
      on: string,
      by: string,
      redate: (row: CreditRecordRow) => Pick<NewCreditRecordRow, 'deferredUntil' | 'toleranceDecision'>,
    ): Promise<CreditRecordRow[]> {
      return db.transaction(async (tx) => {
        await tx
          .insert(settings)
          .values({ key: EMERGENCY_END, value: on, setBy: by })
          .onConflictDoUpdate({ target: settings.key, set: { value: on, setBy: by, setAt: sql`now()` } });
        const waiting = await tx
          .select()
          .from(creditRecords)
          .where(
            and(eq(creditRecords.status, 'DEFERRED'), sql`${creditRecords.toleranceDecision} -> 'deferral' ->> 'after' = 'EMERGENCY_END'`),
          )
          .orderBy(creditRecords.id)
          .for('update');
        const changed: CreditRecordRow[] = [];
        for (const row of waiting) {
          const [updated] = await tx
            .update(creditRecords)
            .set({ ...redate(row), updatedAt: new Date() })
            .where(eq(creditRecords.id, row.id))
            .returning();
          changed.push(updated!);
        }
        await publish(
          tx,
          recordsOutbox,
          changed.map((row) => recordChangedEvent(row)),
        );
        return changed;
      });
    },

    /** The credit office's deferral of one policy; null when there is no such policy. */
    async setDeferral(policyId: string, deferral: NonNullable<TolerancePolicyRow['deferral']>): Promise<TolerancePolicyRow | null> {
      const [row] = await db.update(tolerancePolicies).set({ deferral }).where(eq(tolerancePolicies.id, policyId)).returning();
      return row ?? null;
    },

    async policy(policyId: string): Promise<TolerancePolicyRow | null> {
      const [row] = await db.select().from(tolerancePolicies).where(eq(tolerancePolicies.id, policyId));
      return row ?? null;
    },

    /** Force-majeure certificates known from the repairs subgraph's events. */
    async certificates(numbers: readonly string[]) {
      if (!numbers.length) return [];
      return db
        .select()
        .from(certificateDirectory)
        .where(inArray(certificateDirectory.number, [...numbers]));
    },
  };
}

export type ToleranceStore = ReturnType<typeof createToleranceStore>;

/** A force-majeure certificate the repairs subgraph issued (certificate.issued), for claims to cite (events.ts). */
export async function noteCertificate(tx: Tx, certificate: typeof certificateDirectory.$inferInsert): Promise<void> {
  await tx.insert(certificateDirectory).values(certificate).onConflictDoNothing();
}
