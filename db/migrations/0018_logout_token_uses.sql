CREATE TABLE "logout_token_uses" (
	"issuer" text NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "logout_token_uses_issuer_jti_pk" PRIMARY KEY("issuer","jti")
);
--> statement-breakpoint
CREATE INDEX "logout_token_uses_expires_idx" ON "logout_token_uses" USING btree ("expires_at");