CREATE TABLE "repairs"."training_enrolments" (
	"session_id" uuid NOT NULL,
	"subject_id" text NOT NULL,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attended" boolean,
	"recorded_by" text,
	CONSTRAINT "training_enrolments_session_id_subject_id_pk" PRIMARY KEY("session_id","subject_id")
);
--> statement-breakpoint
CREATE TABLE "repairs"."training_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"capacity" integer NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "repairs"."training_enrolments" ADD CONSTRAINT "training_enrolments_session_id_training_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "repairs"."training_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_enrolments_subject_idx" ON "repairs"."training_enrolments" USING btree ("subject_id");