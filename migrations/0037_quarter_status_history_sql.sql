-- Hand-written (drizzle-kit generate --custom): a project's quarterly status entries (issue 18) are
-- history: who said how the project was doing, when and why. Like the other history tables
-- (0012_security_sql.sql), no UPDATE, DELETE or TRUNCATE; a changed status is a new row.
CREATE TRIGGER project_statuses_append_only BEFORE UPDATE OR DELETE ON project_statuses FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER project_statuses_no_truncate BEFORE TRUNCATE ON project_statuses FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
