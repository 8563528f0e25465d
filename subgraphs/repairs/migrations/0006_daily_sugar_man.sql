ALTER TABLE "repairs"."subject_projection" ALTER COLUMN "tags" SET DEFAULT '{}'::text[];--> statement-breakpoint
ALTER TABLE "repairs"."subject_projection" ADD COLUMN "district" text;