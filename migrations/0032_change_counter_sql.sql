-- Hand-written (drizzle-kit generate --custom): each office's change counter (issue 19), the key of
-- the cached report models and pages. It moves in the same transaction as every change of the office,
-- whatever area made it, without any service having to remember:
--   * every table with an office_id column (apart from sign-in and session bookkeeping, which no page
--     of content shows) gets a deferred constraint trigger, installed by pcp_install_change_counters(),
--     which the app also calls after every migration, so an area's tables added later get theirs too;
--   * the trigger bumps offices.change_counter once per transaction and office, at commit (deferred:
--     the office's row is locked only for the moment before commit, so no new lock-order deadlock);
--   * a change to the office's own row (its name, its quarters) bumps it too (BEFORE UPDATE).
-- Correct under concurrency and across instances: the increments of one office serialise on its row,
-- so a counter value is visible only with every change it counts, and a reader that reads the counter
-- first and builds after can never file an older model under a newer key.
CREATE OR REPLACE FUNCTION pcp_office_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  office uuid;
  seen text;
BEGIN
  FOR office IN SELECT DISTINCT o FROM (VALUES (CASE WHEN TG_OP <> 'INSERT' THEN OLD.office_id END), (CASE WHEN TG_OP <> 'DELETE' THEN NEW.office_id END)) v(o) WHERE o IS NOT NULL LOOP
    seen := 'pcp.changed_' || replace(office::text, '-', '_');
    IF coalesce(current_setting(seen, true), '') <> '1' THEN
      UPDATE offices SET change_counter = change_counter + 1 WHERE id = office;
      PERFORM set_config(seen, '1', true);
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pcp_office_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.change_counter = OLD.change_counter AND ROW(NEW.*) IS DISTINCT FROM ROW(OLD.*) THEN
    NEW.change_counter := OLD.change_counter + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS offices_change_counter ON offices;
--> statement-breakpoint
CREATE TRIGGER offices_change_counter BEFORE UPDATE ON offices FOR EACH ROW EXECUTE FUNCTION pcp_office_row_changed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION pcp_install_change_counters() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
BEGIN
  -- Two instances starting together on one database: one installs, the other then finds them there.
  PERFORM pg_advisory_xact_lock(4019001);
  -- pg_catalog, not information_schema: this runs at every start, and its views are slow on PGlite.
  FOR t IN
    SELECT c.relname AS table_name FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'office_id' AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
      AND c.relname NOT IN ('sessions', 'security_events', 'api_tokens', 'oidc_logins', 'oidc_sessions', 'reminders_sent', 'sign_in_attempts')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'pcp_office_changed')
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER pcp_office_changed AFTER INSERT OR UPDATE OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pcp_office_changed()', t.table_name);
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;
--> statement-breakpoint
SELECT pcp_install_change_counters();
