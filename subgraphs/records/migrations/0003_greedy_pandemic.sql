ALTER TABLE "records"."credit_records" ADD COLUMN "rectification_extensions" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "rectification_outcome" text;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "rectified_on" date;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "commitment_status" text;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "breach_record_id" uuid;--> statement-breakpoint
ALTER TABLE "records"."credit_records" ADD COLUMN "breach_of_record_id" uuid;