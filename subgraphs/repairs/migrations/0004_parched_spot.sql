CREATE TABLE "repairs"."force_majeure_certificates" (
	"number" text PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"contracts" text[] NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"facts" text NOT NULL,
	"issued_on" date NOT NULL,
	"issued_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "force_majeure_certificates_subject_idx" ON "repairs"."force_majeure_certificates" USING btree ("subject_id");