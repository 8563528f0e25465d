CREATE TABLE "records"."record_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replaced_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"type" text NOT NULL,
	"subject_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records"."settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"set_by" text NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records"."tolerance_policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"article" integer NOT NULL,
	"categories" text[] NOT NULL,
	"cause" text NOT NULL,
	"conditions" text NOT NULL,
	"requires" text DEFAULT 'EVIDENCE' NOT NULL,
	"outcome" text NOT NULL,
	"defer_until" date,
	"extend_days" integer,
	"effective_from" date NOT NULL,
	"effective_to" date
);
--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "deferred_until" date;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "tolerance_decision" jsonb;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "content_hash" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "record_versions_record_idx" ON "records"."record_versions" USING btree ("record_id","version");--> statement-breakpoint
CREATE INDEX "records_outbox_order_idx" ON "records"."outbox" USING btree ("txid","id");--> statement-breakpoint
-- Records stored before the event log existed are announced once, so consumers' projections start complete.
INSERT INTO "records"."outbox" ("type", "subject_id", "payload")
SELECT 'record.created', "subject_id", jsonb_build_object(
  'id', "id", 'subjectId', "subject_id", 'subjectIsPerson', "subject_is_person", 'category', "category", 'categoryLabel', "category",
  'kind', "kind", 'severity', "severity", 'status', "status", 'decisionDate', "decision_date", 'minimumUntil', "minimum_until",
  'publicUntil', "public_until", 'deferredUntil', NULL, 'reportingUnitId', "reporting_unit_id", 'version', 1)
FROM "records"."credit_records";
