CREATE TABLE "import_column_names" (
	"office_id" uuid NOT NULL,
	"type" text NOT NULL,
	"header" text NOT NULL,
	"column_key" text NOT NULL,
	"set_at" timestamp with time zone NOT NULL,
	"set_by_name" text NOT NULL,
	CONSTRAINT "import_column_names_office_id_type_header_pk" PRIMARY KEY("office_id","type","header")
);
--> statement-breakpoint
ALTER TABLE "import_column_names" ADD CONSTRAINT "import_column_names_office_id_offices_id_fk" FOREIGN KEY ("office_id") REFERENCES "public"."offices"("id") ON DELETE no action ON UPDATE no action;