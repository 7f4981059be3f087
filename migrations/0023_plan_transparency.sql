CREATE TABLE "specified_information_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"office_id" uuid NOT NULL,
	"item" text NOT NULL,
	"url" text,
	"updated_on" date,
	"reason" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "commitment_links_uq";--> statement-breakpoint
ALTER TABLE "commitment_links" ADD COLUMN "linked_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "commitment_links" ADD COLUMN "unlinked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "plan_milestones" ADD COLUMN "panel_recommendation_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "report_drafts" ADD COLUMN "delivery_by_commitment" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "specified_information_links" ADD CONSTRAINT "specified_information_links_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "specified_information_links_item_idx" ON "specified_information_links" USING btree ("office_id","item","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_links_uq" ON "commitment_links" USING btree ("commitment_id","kind","ref_id") WHERE "commitment_links"."unlinked_at" is null;