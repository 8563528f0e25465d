ALTER TABLE "repairs"."record_projection" ADD COLUMN "repairable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Repairability is the catalogue's answer (records' catalogue.ts), carried by records' events from this release
-- on. Records already projected got it from repairs' own list before: the same categories, set once here.
UPDATE "repairs"."record_projection" SET "repairable" = false
  WHERE "kind" NOT IN ('ADMINISTRATIVE_PENALTY', 'DISHONEST_CONDUCT') OR "category" IN ('COUNTERFEIT_MEDICAL_GOODS', 'COUNTERFEIT_FOOD_AND_DRUGS');
