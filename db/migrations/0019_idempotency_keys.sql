CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"method" varchar(8) NOT NULL,
	"route" text NOT NULL,
	"key" varchar(255) NOT NULL,
	"fingerprint" text NOT NULL,
	"status" integer NOT NULL,
	"answer" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT portal_now() NOT NULL,
	CONSTRAINT "idempotency_keys_principal_method_route_key_pk" PRIMARY KEY("principal","method","route","key")
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");