-- Hand-written (drizzle-kit generate --custom): undoing an import of decision notices or targets
-- (src/imports) removes what it entered with its history rows, as migration import_undo_sql lets an
-- undo of projects do. Updates stay refused; a DELETE is let through only for a row marked with the
-- import (import_id) that the deleting transaction names as the one being undone
-- (set_config('pcp.undo_import', id, true)). The function is import_undo_sql's.
DROP TRIGGER decision_history_append_only ON decision_history;
--> statement-breakpoint
CREATE TRIGGER decision_history_append_only BEFORE UPDATE ON decision_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER decision_history_no_delete BEFORE DELETE ON decision_history FOR EACH ROW EXECUTE FUNCTION pcp_project_history_delete();
--> statement-breakpoint
DROP TRIGGER targets_history_append_only ON targets_history;
--> statement-breakpoint
CREATE TRIGGER targets_history_append_only BEFORE UPDATE ON targets_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER targets_history_no_delete BEFORE DELETE ON targets_history FOR EACH ROW EXECUTE FUNCTION pcp_project_history_delete();
