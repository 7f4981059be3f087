CREATE TYPE "public"."approval_precision" AS ENUM('day', 'month');--> statement-breakpoint
CREATE TABLE "decision_projects" (
	"decision_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"office_id" uuid NOT NULL,
	CONSTRAINT "decision_projects_decision_id_project_id_pk" PRIMARY KEY("decision_id","project_id")
);
--> statement-breakpoint
ALTER TABLE "offices" ADD COLUMN "exempt_visible_to_viewers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "project_history" ADD COLUMN "decision_id" uuid;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "approved_precision" "approval_precision" DEFAULT 'day' NOT NULL;--> statement-breakpoint
ALTER TABLE "decision_projects" ADD CONSTRAINT "decision_projects_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_projects" ADD CONSTRAINT "decision_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_projects" ADD CONSTRAINT "decision_projects_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_projects_project_idx" ON "decision_projects" USING btree ("project_id");--> statement-breakpoint
ALTER TABLE "project_history" ADD CONSTRAINT "project_history_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Data: one relation between projects and decision notices, from the two free lists kept before.
-- 1. Each notice's own list of projects (same office only: another office's id was never valid).
INSERT INTO "decision_projects" ("decision_id", "project_id", "office_id")
SELECT d."id", p."id", d."office_id" FROM "decisions" d CROSS JOIN LATERAL unnest(d."project_ids") AS l(pid)
JOIN "projects" p ON p."id" = l.pid AND p."office_id" = d."office_id"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- 2. The references typed on projects and on history entries, matched by the notice's reference in
-- the same office: exactly (ignoring case and spaces at the ends), or else with an "ID:" prefix
-- ignored on both sides ("507" is "ID: 507") when that names one notice only.
CREATE TABLE "decision_ref_matches" AS
WITH refs AS (
  SELECT DISTINCT x."office_id", x."ref" FROM (
    SELECT p."office_id", unnest(p."decision_refs") AS "ref" FROM "projects" p
    UNION ALL SELECT h."office_id", h."decision_ref" FROM "project_history" h WHERE h."decision_ref" IS NOT NULL
  ) x
)
SELECT r."office_id", r."ref", coalesce(
  (SELECT d."id" FROM "decisions" d WHERE d."office_id" = r."office_id" AND lower(btrim(d."reference")) = lower(btrim(r."ref"))),
  (SELECT (array_agg(d."id"))[1] FROM "decisions" d WHERE d."office_id" = r."office_id"
     AND lower(regexp_replace(btrim(d."reference"), '^id\s*[:.]?\s*', '', 'i')) = lower(regexp_replace(btrim(r."ref"), '^id\s*[:.]?\s*', '', 'i'))
   HAVING count(*) = 1)
) AS "decision_id"
FROM refs r;--> statement-breakpoint
INSERT INTO "decision_projects" ("decision_id", "project_id", "office_id")
SELECT m."decision_id", p."id", p."office_id" FROM "projects" p CROSS JOIN LATERAL unnest(p."decision_refs") AS l(ref)
JOIN "decision_ref_matches" m ON m."office_id" = p."office_id" AND m."ref" = l.ref AND m."decision_id" IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- What matched no notice stays on the project, in the order typed, to be read (and in its history).
UPDATE "projects" p SET "decision_refs" = coalesce((
  SELECT array_agg(l.ref ORDER BY l.ord) FROM unnest(p."decision_refs") WITH ORDINALITY AS l(ref, ord)
  WHERE NOT EXISTS (SELECT 1 FROM "decision_ref_matches" m WHERE m."office_id" = p."office_id" AND m."ref" = l.ref AND m."decision_id" IS NOT NULL)
), '{}') WHERE cardinality(p."decision_refs") > 0;--> statement-breakpoint
-- A history entry keeps the text as typed; it now also names the notice where one matched.
UPDATE "project_history" h SET "decision_id" = m."decision_id" FROM "decision_ref_matches" m
WHERE h."decision_ref" IS NOT NULL AND m."office_id" = h."office_id" AND m."ref" = h."decision_ref" AND m."decision_id" IS NOT NULL;--> statement-breakpoint
DROP TABLE "decision_ref_matches";--> statement-breakpoint
ALTER TABLE "decisions" DROP COLUMN "project_ids";