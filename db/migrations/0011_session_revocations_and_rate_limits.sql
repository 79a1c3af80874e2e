CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "session_revocations" (
	"scope" varchar(16) NOT NULL,
	"value" text NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" varchar(32) NOT NULL,
	CONSTRAINT "session_revocations_scope" CHECK (scope IN ('session', 'realm_session', 'subject'))
);
--> statement-breakpoint
CREATE INDEX "session_revocations_lookup_idx" ON "session_revocations" USING btree ("scope","value");