-- Hand-written (drizzle-kit generate --custom): the history of the areas added after security_sql is
-- append-only too, as that migration made the earlier ones (same function, pcp_history_refuse): the
-- plan's dated transitions, the grants' and the Panel's history, a round's rule versions (a bid is
-- judged by the version it was made under), an assessor's declaration of interests (kept as made), and
-- a paper as sent to a meeting (it must come out exactly as it was sent).
CREATE TRIGGER plan_events_append_only BEFORE UPDATE OR DELETE ON plan_events FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER plan_events_no_truncate BEFORE TRUNCATE ON plan_events FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_history_append_only BEFORE UPDATE OR DELETE ON grant_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_history_no_truncate BEFORE TRUNCATE ON grant_history FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_round_rules_append_only BEFORE UPDATE OR DELETE ON grant_round_rules FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_round_rules_no_truncate BEFORE TRUNCATE ON grant_round_rules FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_declarations_append_only BEFORE UPDATE OR DELETE ON grant_declarations FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_declarations_no_truncate BEFORE TRUNCATE ON grant_declarations FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER panel_history_append_only BEFORE UPDATE OR DELETE ON panel_history FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER panel_history_no_truncate BEFORE TRUNCATE ON panel_history FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER panel_papers_append_only BEFORE UPDATE OR DELETE ON panel_papers FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER panel_papers_no_truncate BEFORE TRUNCATE ON panel_papers FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
