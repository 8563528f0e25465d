ALTER TABLE "records"."credit_records" ADD COLUMN "rectification_outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "records"."tolerance_policies" ADD COLUMN "deferral" jsonb;--> statement-breakpoint
-- A fixed deferral date becomes { until }; the seeded illustrative 2020-06-30 (never settable before: there was
-- no mutation) becomes the new default, three months after the end of the emergency response.
UPDATE "records"."tolerance_policies" SET "deferral" = CASE
    WHEN "defer_until" = DATE '2020-06-30' THEN '{"months":3,"after":"EMERGENCY_END"}'::jsonb
    ELSE jsonb_build_object('until', to_char("defer_until", 'YYYY-MM-DD'))
  END
  WHERE "outcome" = 'DEFER_REPORTING' AND "defer_until" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "records"."tolerance_policies" DROP COLUMN "defer_until";
