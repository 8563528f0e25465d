DROP INDEX "reports"."credit_reports_daily_idx";--> statement-breakpoint
DROP INDEX "reports"."credit_reports_subject_idx";--> statement-breakpoint
ALTER TABLE "reports"."credit_reports" ADD COLUMN "content_sha256" text;--> statement-breakpoint
CREATE INDEX "credit_reports_latest_idx" ON "reports"."credit_reports" USING btree ("subject_id","audience","issued_at");