CREATE TABLE "incentives"."audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"request_id" text NOT NULL,
	"principal" text NOT NULL,
	"unit_id" text,
	"operation" text NOT NULL,
	"action" text NOT NULL,
	"data_class" text NOT NULL,
	"subject_ids" text[] NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "incentives_audit_at_idx" ON "incentives"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "incentives_audit_unit_idx" ON "incentives"."audit_log" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "incentives_audit_subjects_idx" ON "incentives"."audit_log" USING gin ("subject_ids");--> statement-breakpoint
CREATE OR REPLACE FUNCTION "incentives"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_change" BEFORE UPDATE OR DELETE ON "incentives"."audit_log" FOR EACH ROW EXECUTE FUNCTION "incentives"."audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "incentives"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "incentives"."audit_log_append_only"();
