CREATE TABLE "repairs"."record_projection" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"subject_is_person" boolean NOT NULL,
	"category" text NOT NULL,
	"kind" text NOT NULL,
	"severity" text,
	"status" text NOT NULL,
	"decision_date" date NOT NULL,
	"minimum_until" date,
	"reporting_unit_id" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repairs"."consumer_cursors" (
	"producer" text PRIMARY KEY NOT NULL,
	"txid" text NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "record_projection_subject_idx" ON "repairs"."record_projection" USING btree ("subject_id");