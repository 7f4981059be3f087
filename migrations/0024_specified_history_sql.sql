-- Hand-written (drizzle-kit generate --custom): where an office said it publishes an item of the
-- Specified Information Order is its history (each change a new row with who, when and why), so it
-- is append-only like the other histories (the same function, pcp_history_refuse, as security_sql).
CREATE TRIGGER specified_information_links_append_only BEFORE UPDATE OR DELETE ON specified_information_links FOR EACH ROW EXECUTE FUNCTION pcp_history_refuse();
--> statement-breakpoint
CREATE TRIGGER specified_information_links_no_truncate BEFORE TRUNCATE ON specified_information_links FOR EACH STATEMENT EXECUTE FUNCTION pcp_history_refuse();
