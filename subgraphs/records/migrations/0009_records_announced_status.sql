-- The records sweep's bookkeeping (sweep-store.ts): what records' log last announced of a record whose shown
-- status is not its stored one (EXPIRED, ACTIVE once a deferral ended). Empty at first, so the first sweep
-- announces every record already expired or out of its deferral.
CREATE TABLE "records"."record_announcements" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"record_updated_at" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "records"."record_announcements" ADD CONSTRAINT "record_announcements_record_id_credit_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "records"."credit_records"("id") ON DELETE cascade ON UPDATE no action;
