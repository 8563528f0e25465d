CREATE SCHEMA IF NOT EXISTS "reports";
--> statement-breakpoint
CREATE TABLE "reports"."credit_reports" (
	"number" text PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"audience" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_on" date NOT NULL,
	"canonical" text NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	"pdf" "bytea" NOT NULL,
	"pdf_sha256" text NOT NULL,
	"issued_to" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports"."audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"request_id" text NOT NULL,
	"principal" text NOT NULL,
	"unit_id" text,
	"operation" text NOT NULL,
	"action" text NOT NULL,
	"data_class" text NOT NULL,
	"subject_ids" text[] NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "credit_reports_daily_idx" ON "reports"."credit_reports" USING btree ("subject_id","audience","issued_on");--> statement-breakpoint
CREATE INDEX "credit_reports_subject_idx" ON "reports"."credit_reports" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "reports_audit_at_idx" ON "reports"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "reports_audit_unit_idx" ON "reports"."audit_log" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "reports_audit_subjects_idx" ON "reports"."audit_log" USING gin ("subject_ids");