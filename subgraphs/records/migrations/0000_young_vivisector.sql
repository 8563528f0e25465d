CREATE SCHEMA IF NOT EXISTS "records";
--> statement-breakpoint
CREATE TABLE "records"."credit_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" text NOT NULL,
	"subject_is_person" boolean NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"severity" text,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"reporting_unit_id" text NOT NULL,
	"unit_reference" text NOT NULL,
	"decision_date" date NOT NULL,
	"facts" text NOT NULL,
	"legal_basis" text,
	"disclosure_rule" text NOT NULL,
	"minimum_until" date,
	"public_from" date,
	"public_until" date,
	"rectification_deadline" date,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_records_unit_reference_key" UNIQUE("reporting_unit_id","unit_reference")
);
--> statement-breakpoint
CREATE INDEX "credit_records_subject_idx" ON "records"."credit_records" USING btree ("subject_id","decision_date");--> statement-breakpoint
CREATE INDEX "credit_records_public_idx" ON "records"."credit_records" USING btree ("public_from","public_until");