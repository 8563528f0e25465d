CREATE SCHEMA IF NOT EXISTS "incentives";
--> statement-breakpoint
CREATE TABLE "incentives"."list_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" text NOT NULL,
	"list" text NOT NULL,
	"reason" text NOT NULL,
	"since" date NOT NULL,
	"until" date,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."membership_causes" (
	"membership_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	CONSTRAINT "membership_causes_membership_id_record_id_pk" PRIMARY KEY("membership_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "incentives"."points_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_id" text NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"record_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incentives"."supervision_levels" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"level" text NOT NULL,
	"reason" text NOT NULL,
	"assessed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incentives"."membership_causes" ADD CONSTRAINT "membership_causes_membership_id_list_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "incentives"."list_memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "list_memberships_subject_idx" ON "incentives"."list_memberships" USING btree ("subject_id");--> statement-breakpoint
CREATE INDEX "list_memberships_list_idx" ON "incentives"."list_memberships" USING btree ("list","since");--> statement-breakpoint
CREATE INDEX "points_entries_subject_idx" ON "incentives"."points_entries" USING btree ("subject_id","at");