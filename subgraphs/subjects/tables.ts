import type { SubjectKind, SubjectStatus } from '../kit/vocabulary.js';
import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, numeric, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import { auditCheckpointTable, auditTable } from '../kit/audit-table.js';
import { consumerCursorsTable, outboxTable } from '../kit/outbox-table.js';

export const subjectsSchema = pgSchema('subjects');

export const subjects = subjectsSchema.table(
  'subjects',
  {
    /** Credit code for organisations, keyed pseudonym of the ID number for persons. */
    id: text('id').primaryKey(),
    kind: text('kind').$type<SubjectKind>().notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code').unique(),
    creditCodeChecksumValid: boolean('credit_code_checksum_valid'),
    /** AES-256-GCM ciphertext; the raw number exists nowhere else on the platform. */
    idNumberEncrypted: text('id_number_encrypted'),
    idNumberMasked: text('id_number_masked'),
    legalRepresentative: text('legal_representative'),
    registeredAddress: text('registered_address'),
    district: text('district'),
    industry: text('industry'),
    registeredOn: date('registered_on', { mode: 'string' }),
    status: text('status').$type<SubjectStatus>().notNull().default('ACTIVE'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // 登记信息 (公共信用信息报告标准 2022 基础信息), kept by the registry through registerSubjects.
    /** 注册资本 in 万 of the currency: numeric, never a float, so 12.5 stays 12.5 (read back as text). */
    registeredCapitalAmount: numeric('registered_capital_amount', { precision: 18, scale: 6 }),
    registeredCapitalCurrency: text('registered_capital_currency'),
    organisationType: text('organisation_type'),
    businessScope: text('business_scope'),
    registrationAuthority: text('registration_authority'),
    approvedOn: date('approved_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    index('subjects_kind_idx').on(table.kind),
    index('subjects_district_idx').on(table.district),
    index('subjects_industry_idx').on(table.industry),
    index('subjects_tags_idx').using('gin', table.tags),
    check(
      'subjects_registered_capital_check',
      sql`(${table.registeredCapitalAmount} is null) = (${table.registeredCapitalCurrency} is null) and (${table.registeredCapitalAmount} is null or ${table.registeredCapitalAmount} > 0)`,
    ),
    // Registration data is public (企业信息公示暂行条例); a person's file holding any would publish it.
    check(
      'subjects_person_unregistered_check',
      sql`${table.kind} <> 'NATURAL_PERSON' or coalesce(${table.registeredCapitalAmount}::text, ${table.registeredCapitalCurrency}, ${table.organisationType}, ${table.businessScope}, ${table.registrationAuthority}, ${table.approvedOn}::text) is null`,
    ),
  ],
);

export const memberUnits = subjectsSchema.table('member_units', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  duties: text('duties')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
});

/** Every designation that changed a file's tags: what it set, on what basis, by whom (the credit office's record). */
export const designations = subjectsSchema.table(
  'designations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectId: text('subject_id').notNull(),
    tags: text('tags').array().notNull(),
    reason: text('reason').notNull(),
    by: text('by').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('designations_subject_idx').on(table.subjectId, table.id)],
);

export type SubjectRow = typeof subjects.$inferSelect;
export type NewSubjectRow = typeof subjects.$inferInsert;
export type MemberUnitRow = typeof memberUnits.$inferSelect;

export const subjectsAudit = auditTable(subjectsSchema);
export const subjectsAuditCheckpoints = auditCheckpointTable(subjectsSchema);
export const subjectsCursors = consumerCursorsTable(subjectsSchema);
export const subjectsOutbox = outboxTable(subjectsSchema);
