ALTER TABLE "incentives"."record_facts" ADD COLUMN "deferred_until" date;--> statement-breakpoint
ALTER TABLE "incentives"."record_facts" ADD COLUMN "reporting_unit_id" text;--> statement-breakpoint
-- The projection now carries what causedBy's row rule reads (deferral end, reporting unit): replay
-- records' log once so existing rows get them. Re-applying the log is idempotent (projection by log
-- position, consequences re-derived from the projection).
DELETE FROM "incentives"."consumer_cursors" WHERE "producer" = 'records';
