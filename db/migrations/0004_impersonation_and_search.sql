CREATE TABLE "impersonation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_subject" text NOT NULL,
	"staff_username" varchar(254) NOT NULL,
	"staff_roles" text[] NOT NULL,
	"customer_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" varchar(16),
	CONSTRAINT "impersonation_sessions_reason_given" CHECK (length(btrim(reason)) >= 10),
	CONSTRAINT "impersonation_sessions_expiry_after_start" CHECK (expires_at > started_at),
	CONSTRAINT "impersonation_sessions_end_reason" CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND (end_reason IS NULL OR end_reason IN ('stopped', 'expired')))
);
--> statement-breakpoint
DROP INDEX "premises_zip_idx";--> statement-breakpoint
ALTER TABLE "impersonation_sessions" ADD CONSTRAINT "impersonation_sessions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "impersonation_sessions_one_open_per_staff" ON "impersonation_sessions" USING btree ("staff_subject") WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX "impersonation_sessions_customer_idx" ON "impersonation_sessions" USING btree ("customer_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "accounts_number_prefix_idx" ON "accounts" USING btree ("account_number" varchar_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING gin (lower("email") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "meters_number_prefix_idx" ON "meters" USING btree (upper("meter_number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "premises_postcode_search_idx" ON "premises" USING btree (upper(replace("zip", ' ', '')) text_pattern_ops);