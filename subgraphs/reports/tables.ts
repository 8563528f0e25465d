import { customType, date, index, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { auditTable } from '../kit/audit-table.js';

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
    /** PUBLIC: what anyone may see; SUBJECT: the subject's own full report. */
    audience: text('audience').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The day in Taicang: one report per subject, audience and day, so a retry never issues a second. */
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    /** The canonical JSON that was signed, byte for byte. */
    canonical: text('canonical').notNull(),
    signature: text('signature').notNull(),
    keyId: text('key_id').notNull(),
    pdf: bytea('pdf').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    issuedTo: text('issued_to').notNull(),
  },
  (table) => [uniqueIndex('credit_reports_daily_idx').on(table.subjectId, table.audience, table.issuedOn), index('credit_reports_subject_idx').on(table.subjectId)],
);

export type CreditReportRow = typeof creditReports.$inferSelect;

export const reportsAudit = auditTable(reportsSchema);
