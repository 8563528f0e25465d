CREATE TABLE "repairs"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"type" text NOT NULL,
	"subject_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repairs"."subject_projection" (
	"subject_id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"tags" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "repairs"."repair_applications" ADD COLUMN "submission" jsonb;--> statement-breakpoint
CREATE INDEX "repairs_outbox_order_idx" ON "repairs"."outbox" USING btree ("txid","id");