CREATE TABLE "subjects"."designations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"tags" text[] NOT NULL,
	"reason" text NOT NULL,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "designations_subject_idx" ON "subjects"."designations" USING btree ("subject_id","id");