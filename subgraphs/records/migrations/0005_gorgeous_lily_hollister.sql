CREATE TABLE "records"."certificate_directory" (
	"number" text PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL
);
