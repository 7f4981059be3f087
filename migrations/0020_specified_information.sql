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
ALTER TABLE "specified_information_links" ADD CONSTRAINT "specified_information_links_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "specified_information_links_item_idx" ON "specified_information_links" USING btree ("office_id","item","recorded_at");