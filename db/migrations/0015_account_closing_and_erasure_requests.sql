CREATE TYPE "public"."erasure_request_status" AS ENUM('requested', 'completed', 'declined');--> statement-breakpoint
CREATE TABLE "erasure_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" "erasure_request_status" DEFAULT 'requested' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"resolved_by_username" varchar(254),
	"decline_reason" text,
	CONSTRAINT "erasure_requests_resolution" CHECK ((status = 'requested') = (resolved_at IS NULL) AND (status = 'requested') = (resolved_by IS NULL)),
	CONSTRAINT "erasure_requests_decline_reason" CHECK ((status = 'declined') = (decline_reason IS NOT NULL AND length(btrim(decline_reason)) >= 5))
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "erasure_requests" ADD CONSTRAINT "erasure_requests_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "erasure_requests_one_open_per_customer" ON "erasure_requests" USING btree ("customer_id") WHERE status = 'requested';--> statement-breakpoint
CREATE INDEX "erasure_requests_open_idx" ON "erasure_requests" USING btree ("requested_at") WHERE status = 'requested';--> statement-breakpoint
CREATE INDEX "erasure_requests_customer_idx" ON "erasure_requests" USING btree ("customer_id","requested_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_closed_on_when_closed" CHECK (closed_on IS NULL OR status = 'closed');