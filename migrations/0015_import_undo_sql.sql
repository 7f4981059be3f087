-- Hand-written (drizzle-kit generate --custom): undoing an import (src/imports) removes the projects
-- it entered, with their history rows. History stays append-only otherwise (migration security_sql):
-- a DELETE on project_history is let through only for a row marked with an import (import_id) that
-- the deleting transaction names as the one being undone (set_config('pcp.undo_import', id, true),
-- local to that transaction). The undo itself is recorded on the import (who, when, why).
CREATE OR REPLACE FUNCTION pcp_project_history_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.import_id IS NOT NULL AND OLD.import_id::text = current_setting('pcp.undo_import', true) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'DELETE on %: history cannot be rewritten', TG_TABLE_NAME
    USING ERRCODE = 'P0001', HINT = 'History rows are append-only; only an import being undone may remove the rows it entered.';
END
$$;
--> statement-breakpoint
DROP TRIGGER project_history_no_delete ON project_history;
--> statement-breakpoint
CREATE TRIGGER project_history_no_delete BEFORE DELETE ON project_history FOR EACH ROW EXECUTE FUNCTION pcp_project_history_delete();
