CREATE SCHEMA IF NOT EXISTS "subjects";
--> statement-breakpoint
CREATE TABLE "subjects"."member_units" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"duties" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subjects"."subjects" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"credit_code_checksum_valid" boolean,
	"id_number_encrypted" text,
	"id_number_masked" text,
	"legal_representative" text,
	"registered_address" text,
	"district" text,
	"industry" text,
	"registered_on" date,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subjects_credit_code_unique" UNIQUE("credit_code")
);
--> statement-breakpoint
CREATE INDEX "subjects_kind_idx" ON "subjects"."subjects" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "subjects_district_idx" ON "subjects"."subjects" USING btree ("district");--> statement-breakpoint
CREATE INDEX "subjects_industry_idx" ON "subjects"."subjects" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "subjects_tags_idx" ON "subjects"."subjects" USING gin ("tags");