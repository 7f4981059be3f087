CREATE TABLE "reminder_settings" (
	"office_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"enabled" boolean NOT NULL,
	"recipients" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reminder_settings_office_id_kind_pk" PRIMARY KEY("office_id","kind")
);
--> statement-breakpoint
CREATE TABLE "reminders_sent" (
	"office_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"recipients" text,
	"message_id" text,
	CONSTRAINT "reminders_sent_office_id_kind_key_pk" PRIMARY KEY("office_id","kind","key")
);
--> statement-breakpoint
ALTER TABLE "reminder_settings" ADD CONSTRAINT "reminder_settings_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders_sent" ADD CONSTRAINT "reminders_sent_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;