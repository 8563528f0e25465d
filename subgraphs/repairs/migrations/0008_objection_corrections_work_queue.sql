ALTER TABLE "repairs"."objections" ADD COLUMN "record_version" integer;--> statement-breakpoint
ALTER TABLE "repairs"."objections" ADD COLUMN "correct_by" date;--> statement-breakpoint
ALTER TABLE "repairs"."objections" ADD COLUMN "correction_received_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "objections_unit_state_idx" ON "repairs"."objections" USING btree ("reporting_unit_id","state");--> statement-breakpoint
CREATE INDEX "repair_applications_unit_state_idx" ON "repairs"."repair_applications" USING btree ("reporting_unit_id","state");