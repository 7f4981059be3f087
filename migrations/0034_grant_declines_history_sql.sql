-- Hand-written (drizzle-kit generate --custom): a bid declined by a decision is kept as decided, like an
-- assessor's declaration (0019): the same function, pcp_history_refuse, refuses any change or removal.
-- The awards' payments, returns, variations and evaluation are written with their history rows in
-- grant_history, which 0019 already guards.
CREATE TRIGGER grant_declines_append_only BEFORE UPDATE OR DELETE ON grant_declines FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER grant_declines_no_truncate BEFORE TRUNCATE ON grant_declines FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
