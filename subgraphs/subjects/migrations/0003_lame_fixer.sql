CREATE TABLE "subjects"."outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"txid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"type" text NOT NULL,
	"subject_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "subjects_outbox_order_idx" ON "subjects"."outbox" USING btree ("txid","id");--> statement-breakpoint
-- Credit files opened before the event log existed are announced once, so consumers' projections start complete.
INSERT INTO "subjects"."outbox" ("type", "subject_id", "payload")
SELECT 'subject.registered', "id", jsonb_build_object('subjectId', "id", 'kind', "kind", 'district', "district", 'tags', to_jsonb("tags")) FROM "subjects"."subjects";
