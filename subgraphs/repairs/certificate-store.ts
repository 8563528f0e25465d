import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../kit/db.js';
import { publish } from '../kit/events.js';
import { nextNumber } from '../kit/numbering.js';
import { certificateIssuedEvent } from './repair-events.js';
import { forceMajeureCertificates, repairsOutbox, subjectProjection, type CertificateRow } from './tables.js';

/** The SQL of force-majeure certificates: the exporter as repairs knows it, numbering and issuing, look-ups by number. */
export function createCertificateStore(db: Db) {
  return {
    /** The subject as the subjects subgraph's events describe it (its tags say whether it exports). */
    async subject(subjectId: string) {
      const [row] = await db.select().from(subjectProjection).where(eq(subjectProjection.subjectId, subjectId));
      return row ?? null;
    },

    /** Numbers the certificate in the year's sequence (TCBKKL<year>…) and publishes it in the same transaction. */
    async issue(values: Omit<typeof forceMajeureCertificates.$inferInsert, 'number'>): Promise<CertificateRow> {
      return db.transaction(async (tx) => {
        const number = await nextNumber(tx, forceMajeureCertificates.number, `TCBKKL${values.issuedOn.slice(0, 4)}`);
        const [inserted] = await tx
          .insert(forceMajeureCertificates)
          .values({ ...values, number })
          .returning();
        await publish(tx, repairsOutbox, [certificateIssuedEvent(inserted!)]);
        return inserted!;
      });
    },

    async byNumbers(numbers: readonly string[]): Promise<CertificateRow[]> {
      return db
        .select()
        .from(forceMajeureCertificates)
        .where(inArray(forceMajeureCertificates.number, [...numbers]));
    },
  };
}

export type CertificateStore = ReturnType<typeof createCertificateStore>;
