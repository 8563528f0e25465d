CREATE TABLE "subjects"."consumer_cursors" (
	"producer" text PRIMARY KEY NOT NULL,
	"txid" text NOT NULL,
	"event_id" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
