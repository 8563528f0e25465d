CREATE TABLE "records"."administrative_licences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" text NOT NULL,
	"subject_is_person" boolean NOT NULL,
	"reporting_unit_id" text NOT NULL,
	"decision_number" text NOT NULL,
	"certificate_name" text,
	"certificate_number" text,
	"type" text NOT NULL,
	"content" text NOT NULL,
	"decision_date" date NOT NULL,
	"valid_from" date NOT NULL,
	"valid_until" date,
	"revoked" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"content_hash" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "administrative_licences_unit_decision_key" UNIQUE("reporting_unit_id","decision_number")
);
--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "penalty" jsonb;--> statement-breakpoint
CREATE INDEX "administrative_licences_subject_idx" ON "records"."administrative_licences" USING btree ("subject_id","decision_date");