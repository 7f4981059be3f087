DROP INDEX "users_email_uq";--> statement-breakpoint
DROP INDEX "users_office_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "users_office_email_uq" ON "users" USING btree ("office_id",lower("email"));--> statement-breakpoint
CREATE INDEX "users_email_idx" ON "users" USING btree (lower("email"));