CREATE TABLE "records"."consumer_cursors" (
	"producer" text PRIMARY KEY NOT NULL,
	"txid" text NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "records"."subject_directory" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"district" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
