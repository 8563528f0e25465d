-- One membership per subject and list (issue 14, finding 6). Until now a rule opened one membership per
-- causing record, so a subject with three honours was three times on the red list and measures were due
-- three times. From now on a membership carries all its causes (membership_causes, each lifted on its own)
-- and ends only when the last one does; a unique partial index keeps one open membership per subject and
-- list. Existing duplicates are merged, keeping history: the survivor (a manual entry if there is one,
-- else the earliest) takes the group's earliest start, latest end, every cause and every feedback report;
-- the others are ended as merged (merged_into names the survivor) and no longer shown.
ALTER TABLE "incentives"."list_memberships" ADD COLUMN "merged_into" uuid;--> statement-breakpoint
ALTER TABLE "incentives"."membership_causes" ADD COLUMN "lifted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incentives"."membership_causes" ADD COLUMN "lift_reason" text;--> statement-breakpoint
-- Memberships whose planned end has passed (China date) are ended now, as the re-assessment ends them from now on.
UPDATE "incentives"."list_memberships" SET "ended_at" = now(), "end_reason" = '列入期限届满，移出名单'
WHERE "ended_at" IS NULL AND "until" IS NOT NULL AND "until" < ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date;--> statement-breakpoint
WITH ranked AS (
  SELECT "id", first_value("id") OVER (PARTITION BY "subject_id", "list" ORDER BY ("origin" = 'MANUAL') DESC, "since", "created_at", "id") AS survivor
  FROM "incentives"."list_memberships" WHERE "ended_at" IS NULL
)
UPDATE "incentives"."list_memberships" m SET "merged_into" = ranked.survivor FROM ranked WHERE m."id" = ranked."id" AND ranked."id" <> ranked.survivor;--> statement-breakpoint
UPDATE "incentives"."list_memberships" s SET "since" = g.since, "until" = g.until
FROM (
  SELECT coalesce("merged_into", "id") AS survivor, min("since") AS since, CASE WHEN bool_or("until" IS NULL) THEN NULL ELSE max("until") END AS until
  FROM "incentives"."list_memberships" WHERE "ended_at" IS NULL GROUP BY 1 HAVING count(*) > 1
) g
WHERE s."id" = g.survivor;--> statement-breakpoint
INSERT INTO "incentives"."membership_causes" ("membership_id", "record_id")
SELECT m."merged_into", c."record_id" FROM "incentives"."membership_causes" c JOIN "incentives"."list_memberships" m ON m."id" = c."membership_id"
WHERE m."merged_into" IS NOT NULL AND m."ended_at" IS NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "incentives"."measure_feedback" f SET "membership_id" = m."merged_into" FROM "incentives"."list_memberships" m
WHERE f."membership_id" = m."id" AND m."merged_into" IS NOT NULL AND m."ended_at" IS NULL;--> statement-breakpoint
UPDATE "incentives"."list_memberships" SET "ended_at" = now(), "end_reason" = '与同一名单的列入记录合并' WHERE "merged_into" IS NOT NULL AND "ended_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "list_memberships_one_open_idx" ON "incentives"."list_memberships" USING btree ("subject_id","list") WHERE ended_at is null;--> statement-breakpoint
-- Re-assess every subject from the projection (idempotent, as in 0006): the red list now also gives way to
-- the joint-punishment list and to serious dishonesty, manual entries included.
DELETE FROM "incentives"."consumer_cursors" WHERE "producer" = 'records';
