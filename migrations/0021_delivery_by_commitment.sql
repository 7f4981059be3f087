DROP INDEX "commitment_links_uq";--> statement-breakpoint
ALTER TABLE "commitment_links" ADD COLUMN "linked_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "commitment_links" ADD COLUMN "unlinked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD COLUMN "delivery_by_commitment" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_links_uq" ON "commitment_links" USING btree ("commitment_id","kind","ref_id") WHERE "commitment_links"."unlinked_at" is null;