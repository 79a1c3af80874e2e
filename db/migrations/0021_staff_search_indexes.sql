ALTER TABLE "customers" ADD COLUMN "phone_tail_index" text;--> statement-breakpoint
ALTER TABLE "premises" ADD COLUMN "street_index" text;--> statement-breakpoint
CREATE INDEX "accounts_nickname_trgm_idx" ON "accounts" USING gin ("nickname" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_tail_index_idx" ON "customers" USING btree ("phone_tail_index");--> statement-breakpoint
CREATE INDEX "premises_street_index_idx" ON "premises" USING btree ("street_index");