CREATE TABLE "incentives"."exemplar_consents" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"consented_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."consumer_cursors" (
	"producer" text PRIMARY KEY NOT NULL,
	"txid" text NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."loan_authorisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" text NOT NULL,
	"institution_id" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_until" date NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "incentives"."measure_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" text NOT NULL,
	"reference" text NOT NULL,
	"subject_id" text NOT NULL,
	"measure" text NOT NULL,
	"membership_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"applied_on" date NOT NULL,
	"result" text NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."points_rules" (
	"basis" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."record_facts" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"subject_is_person" boolean NOT NULL,
	"category" text NOT NULL,
	"category_label" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text,
	"status" text NOT NULL,
	"decision_date" date NOT NULL,
	"public_until" date,
	"effect_until" date,
	"version" integer NOT NULL,
	"feed_txid" bigint DEFAULT 0 NOT NULL,
	"feed_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."subject_facts" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."units" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incentives"."list_memberships" ADD COLUMN "origin" text DEFAULT 'RULE' NOT NULL;--> statement-breakpoint
ALTER TABLE "incentives"."list_memberships" ADD COLUMN "added_by" text;--> statement-breakpoint
ALTER TABLE "incentives"."list_memberships" ADD COLUMN "ended_by" text;--> statement-breakpoint
ALTER TABLE "incentives"."points_entries" ADD COLUMN "entry_kind" text DEFAULT 'AWARD' NOT NULL;--> statement-breakpoint
ALTER TABLE "incentives"."points_entries" ADD COLUMN "basis" text;--> statement-breakpoint
ALTER TABLE "incentives"."measure_feedback" ADD CONSTRAINT "measure_feedback_membership_id_list_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "incentives"."list_memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loan_authorisations_subject_idx" ON "incentives"."loan_authorisations" USING btree ("subject_id","institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "measure_feedback_reference_idx" ON "incentives"."measure_feedback" USING btree ("unit_id","reference");--> statement-breakpoint
CREATE INDEX "measure_feedback_membership_idx" ON "incentives"."measure_feedback" USING btree ("membership_id","unit_id");--> statement-breakpoint
CREATE INDEX "record_facts_subject_idx" ON "incentives"."record_facts" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "membership_causes_record_idx" ON "incentives"."membership_causes" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "points_entries_record_idx" ON "incentives"."points_entries" USING btree ("record_id");