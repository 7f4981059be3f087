-- Hand-written (drizzle-kit generate --custom): history and audit rows cannot be rewritten.
-- A history or audit row is evidence of who changed what, when and why. Once written, nobody may
-- change or remove it: not the app, and not someone who has the app's database login. Triggers
-- refuse UPDATE, DELETE and TRUNCATE on these tables. The one write the app itself makes is
-- allowed: closing a row's validity range (valid_to, from empty to a time) once, in the transaction
-- that appends the row that follows it (projects.repository.ts insertHistory, plan.repository.ts
-- updateStrand/updatePriority); every other column must stay as it was.
-- A future data migration that must correct history runs as the tables' owner and says so:
-- ALTER TABLE ... DISABLE TRIGGER ... in its own transaction, then ENABLE again.
-- Self-contained: it creates its functions and drops nothing but what it creates.
CREATE OR REPLACE FUNCTION pcp_history_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %: history cannot be rewritten', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'History and audit rows are append-only.';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pcp_history_close_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.valid_to IS NULL AND NEW.valid_to IS NOT NULL
     AND (to_jsonb(NEW) - 'valid_to') = (to_jsonb(OLD) - 'valid_to') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'UPDATE on %: history cannot be rewritten (only an open validity range may be closed once)', TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'History rows are append-only; valid_to is set once.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER decision_history_append_only BEFORE UPDATE OR DELETE ON decision_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER decision_history_no_truncate BEFORE TRUNCATE ON decision_history FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER targets_history_append_only BEFORE UPDATE OR DELETE ON targets_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER targets_history_no_truncate BEFORE TRUNCATE ON targets_history FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER report_publications_append_only BEFORE UPDATE OR DELETE ON report_publications FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER report_publications_no_truncate BEFORE TRUNCATE ON report_publications FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER project_history_close_once BEFORE UPDATE ON project_history FOR EACH ROW EXECUTE FUNCTION pcp_history_close_once();
--> statement-breakpoint
CREATE TRIGGER project_history_no_delete BEFORE DELETE ON project_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER project_history_no_truncate BEFORE TRUNCATE ON project_history FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER strand_versions_close_once BEFORE UPDATE ON strand_versions FOR EACH ROW EXECUTE FUNCTION pcp_history_close_once();
--> statement-breakpoint
CREATE TRIGGER strand_versions_no_delete BEFORE DELETE ON strand_versions FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER strand_versions_no_truncate BEFORE TRUNCATE ON strand_versions FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER priority_versions_close_once BEFORE UPDATE ON priority_versions FOR EACH ROW EXECUTE FUNCTION pcp_history_close_once();
--> statement-breakpoint
CREATE TRIGGER priority_versions_no_delete BEFORE DELETE ON priority_versions FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER priority_versions_no_truncate BEFORE TRUNCATE ON priority_versions FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
