CREATE SCHEMA IF NOT EXISTS "repairs";
--> statement-breakpoint
CREATE TABLE "repairs"."objections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"query_code_hash" text NOT NULL,
	"record_id" uuid NOT NULL,
	"subject_id" text NOT NULL,
	"reporting_unit_id" text NOT NULL,
	"state" text DEFAULT 'SUBMITTED' NOT NULL,
	"grounds" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verify_by" date NOT NULL,
	"extended" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	"outcome_reason" text,
	CONSTRAINT "objections_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "repairs"."repair_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"query_code_hash" text NOT NULL,
	"record_id" uuid NOT NULL,
	"subject_id" text NOT NULL,
	"reporting_unit_id" text NOT NULL,
	"state" text DEFAULT 'SUBMITTED' NOT NULL,
	"green_channel" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accept_by" date NOT NULL,
	"decide_by" date,
	"decided_at" timestamp with time zone,
	"reason" text,
	CONSTRAINT "repair_applications_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "repairs"."state_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"state" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" text NOT NULL,
	"reason" text
);
--> statement-breakpoint
CREATE INDEX "objections_subject_idx" ON "repairs"."objections" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "objections_record_idx" ON "repairs"."objections" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "repair_applications_subject_idx" ON "repairs"."repair_applications" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "repair_applications_record_idx" ON "repairs"."repair_applications" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "state_changes_case_idx" ON "repairs"."state_changes" USING btree ("case_id","id");