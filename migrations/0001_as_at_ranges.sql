-- "As at T" as one range lookup per office: each history row learns when the next change to its
-- project took effect. btree_gist puts the office's uuid in the same GiST index as the range.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
ALTER TABLE "project_history" ADD COLUMN "valid_to" timestamp with time zone;--> statement-breakpoint
UPDATE "project_history" h SET "valid_to" = n."next_at"
FROM (
  SELECT "id", lead("effective_at") OVER (PARTITION BY "project_id" ORDER BY "effective_at", "id") AS "next_at"
  FROM "project_history"
) n
WHERE n."id" = h."id" AND n."next_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "project_history_office_valid_idx" ON "project_history" USING gist ("office_id",tstzrange("effective_at", "valid_to", '[)'));
