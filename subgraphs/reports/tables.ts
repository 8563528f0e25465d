import { customType, date, index, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditCheckpointTable, auditTable } from '../kit/audit-table.js';
import type { Audience } from './compose.js';

export const reportsSchema = pgSchema('reports');

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** Every report issued: what was signed, the signature, and the PDF exactly as handed out. */
export const creditReports = reportsSchema.table(
  'credit_reports',
  {
    number: text('number').primaryKey(),
    subjectId: text('subject_id').notNull(),
    /** PUBLIC: what anyone may see; SUBJECT: the subject's own full report; SPECIAL: 专项信用报告. */
    audience: text('audience').$type<Audience>().notNull(),
    /** A special report's fields and period (special.ts): reports supersede only those of the same scope. Null otherwise. */
    scope: text('scope'),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The day in Taicang: a report is reused only on the day it was issued. */
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** The canonical JSON that was signed, byte for byte. */
    canonical: text('canonical').notNull(),
    /**
     * SHA-256 of the canonical content without its number and time of issue: what the report says of the
     * file. Asking again reuses today's latest report only while this is the same. Null for reports issued
     * before it was kept: never reused.
     */
    contentSha256: text('content_sha256'),
    signature: text('signature').notNull(),
    keyId: text('key_id').notNull(),
    pdf: bytea('pdf').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    issuedTo: text('issued_to').notNull(),
  },
  // Several a day when the file changes: the latest of a subject and audience is the one asked for again.
  (table) => [index('credit_reports_latest_idx').on(table.subjectId, table.audience, table.issuedAt)],
);

export type CreditReportRow = typeof creditReports.$inferSelect;

export const reportsAudit = auditTable(reportsSchema);
export const reportsAuditCheckpoints = auditCheckpointTable(reportsSchema);
