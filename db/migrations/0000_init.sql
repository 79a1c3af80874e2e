CREATE TYPE "public"."account_role" AS ENUM('occupier', 'landlord', 'agent', 'billing');--> statement-breakpoint
CREATE TYPE "public"."account_status" AS ENUM('pending', 'active', 'inactive', 'closed');--> statement-breakpoint
CREATE TYPE "public"."account_type" AS ENUM('residential', 'commercial');--> statement-breakpoint
CREATE TYPE "public"."bill_status" AS ENUM('issued', 'partially_paid', 'paid', 'void');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('card', 'direct_debit', 'bank_transfer', 'check', 'cash');--> statement-breakpoint
CREATE TYPE "public"."customer_status" AS ENUM('onboarding', 'prelive', 'live', 'inactive', 'closed');--> statement-breakpoint
CREATE TYPE "public"."customer_type" AS ENUM('individual', 'business');--> statement-breakpoint
CREATE TYPE "public"."actor_type" AS ENUM('customer', 'staff', 'admin', 'system');--> statement-breakpoint
CREATE TYPE "public"."meter_status" AS ENUM('active', 'inactive', 'removed');--> statement-breakpoint
CREATE TYPE "public"."meter_type" AS ENUM('electric', 'gas', 'water');--> statement-breakpoint
CREATE TYPE "public"."reading_source" AS ENUM('actual', 'estimated', 'customer');--> statement-breakpoint
CREATE TYPE "public"."bill_delivery" AS ENUM('email', 'paper', 'both');--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_number" varchar(10) NOT NULL,
	"nickname" varchar(60),
	"type" "account_type" NOT NULL,
	"status" "account_status" DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_account_number_unique" UNIQUE("account_number"),
	CONSTRAINT "accounts_number_format" CHECK (account_number ~ '^[0-9]{10}$'),
	CONSTRAINT "accounts_nickname_not_blank" CHECK (nickname IS NULL OR btrim(nickname) <> '')
);
--> statement-breakpoint
CREATE TABLE "customer_accounts" (
	"customer_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" "account_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_accounts_customer_id_account_id_pk" PRIMARY KEY("customer_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "access_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "access_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_realm" varchar(64) NOT NULL,
	"actor_subject" text NOT NULL,
	"actor_username" varchar(254),
	"customer_id" uuid,
	"action" varchar(48) NOT NULL,
	"resource" text,
	"reason" text,
	"impersonation_id" uuid,
	"request_id" varchar(64)
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"bill_number" varchar(32) NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"issue_date" date NOT NULL,
	"due_date" date NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"status" "bill_status" DEFAULT 'issued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bills_bill_number_unique" UNIQUE("bill_number"),
	CONSTRAINT "bills_account_period_key" UNIQUE("account_id","period_start"),
	CONSTRAINT "bills_period_order" CHECK (period_end >= period_start),
	CONSTRAINT "bills_due_after_issue" CHECK (due_date >= issue_date),
	CONSTRAINT "bills_amount_non_negative" CHECK (amount >= 0)
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"method" "payment_method" NOT NULL,
	"reference" varchar(64),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_positive" CHECK (amount > 0)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"auth_subject" text,
	"type" "customer_type" NOT NULL,
	"first_name" varchar(100),
	"last_name" varchar(100),
	"business_name" varchar(200),
	"name" text GENERATED ALWAYS AS (coalesce(business_name, nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''))) STORED,
	"email" varchar(254),
	"phone" varchar(16),
	"status" "customer_status" DEFAULT 'onboarding' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "customers_auth_subject_unique" UNIQUE("auth_subject"),
	CONSTRAINT "customers_email_format" CHECK (email IS NULL OR email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
	CONSTRAINT "customers_email_required" CHECK (email IS NOT NULL OR status = 'closed'),
	CONSTRAINT "customers_phone_e164" CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{6,14}$'),
	CONSTRAINT "customers_live_has_name" CHECK (status <> 'live' OR (type = 'individual' AND first_name IS NOT NULL AND last_name IS NOT NULL) OR (type = 'business' AND business_name IS NOT NULL)),
	CONSTRAINT "customers_deleted_is_closed" CHECK (deleted_at IS NULL OR status = 'closed')
);
--> statement-breakpoint
CREATE TABLE "escos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(16) NOT NULL,
	"name" varchar(200) NOT NULL,
	"currency" varchar(3) NOT NULL,
	"currency_minor_unit" smallint DEFAULT 2 NOT NULL,
	"timezone" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escos_code_unique" UNIQUE("code"),
	CONSTRAINT "escos_currency_iso" CHECK (currency ~ '^[A-Z]{3}$'),
	CONSTRAINT "escos_minor_unit_range" CHECK (currency_minor_unit BETWEEN 0 AND 4),
	CONSTRAINT "escos_code_format" CHECK (code ~ '^[A-Z0-9_-]{2,16}$')
);
--> statement-breakpoint
CREATE TABLE "customer_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customer_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"customer_id" uuid NOT NULL,
	"type" varchar(64) NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"aggregate_type" varchar(32) NOT NULL,
	"aggregate_id" uuid NOT NULL,
	"event_type" varchar(64) NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "customer_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"role" "account_role" NOT NULL,
	"email" varchar(254) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_customer_id" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "customer_invites_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "customer_invites_email_format" CHECK (email ~* '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
	CONSTRAINT "customer_invites_expiry_after_creation" CHECK (expires_at > created_at),
	CONSTRAINT "customer_invites_customer_only_when_accepted" CHECK (accepted_at IS NOT NULL OR accepted_customer_id IS NULL)
);
--> statement-breakpoint
CREATE TABLE "meter_readings" (
	"meter_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	"register_value" numeric(14, 3) NOT NULL,
	"consumption" numeric(14, 3),
	"source" "reading_source" DEFAULT 'actual' NOT NULL,
	CONSTRAINT "meter_readings_meter_id_read_at_pk" PRIMARY KEY("meter_id","read_at"),
	CONSTRAINT "meter_readings_register_non_negative" CHECK (register_value >= 0),
	CONSTRAINT "meter_readings_consumption_non_negative" CHECK (consumption IS NULL OR consumption >= 0)
);
--> statement-breakpoint
CREATE TABLE "meters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"premise_id" uuid NOT NULL,
	"meter_number" varchar(32) NOT NULL,
	"type" "meter_type" NOT NULL,
	"unit" varchar(8) NOT NULL,
	"status" "meter_status" DEFAULT 'active' NOT NULL,
	"install_date" date NOT NULL,
	"removal_date" date,
	"is_smart" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meters_meter_number_unique" UNIQUE("meter_number"),
	CONSTRAINT "meters_unit_matches_type" CHECK ((type = 'electric' AND unit = 'kWh') OR (type IN ('gas', 'water') AND unit = 'm3')),
	CONSTRAINT "meters_removal_after_install" CHECK (removal_date IS NULL OR removal_date >= install_date),
	CONSTRAINT "meters_removed_has_date" CHECK ((status = 'removed') = (removal_date IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "preferences" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"bill_delivery" "bill_delivery" DEFAULT 'email' NOT NULL,
	"notify_bill_ready" boolean DEFAULT true NOT NULL,
	"notify_payment_due" boolean DEFAULT true NOT NULL,
	"notify_outage_alerts" boolean DEFAULT true NOT NULL,
	"notify_high_usage_alerts" boolean DEFAULT false NOT NULL,
	"auto_pay_enabled" boolean DEFAULT false NOT NULL,
	"auto_pay_payment_method_id" varchar(64),
	"mailing_same_as_primary" boolean DEFAULT true NOT NULL,
	"mailing_street" varchar(200),
	"mailing_unit" varchar(50),
	"mailing_city" varchar(100),
	"mailing_state" varchar(100),
	"mailing_zip" varchar(16),
	"mailing_country" varchar(2),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preferences_mailing_address_complete" CHECK (mailing_same_as_primary OR (mailing_street IS NOT NULL AND mailing_city IS NOT NULL AND mailing_zip IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "premises" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"esco_id" uuid NOT NULL,
	"street" varchar(200) NOT NULL,
	"unit" varchar(50),
	"city" varchar(100) NOT NULL,
	"state" varchar(100),
	"zip" varchar(16) NOT NULL,
	"country" varchar(2) DEFAULT 'US' NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "premises_country_iso" CHECK (country ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "benchmark_tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" varchar(40) NOT NULL,
	"name" varchar(200) NOT NULL,
	"fuel" "meter_type" NOT NULL,
	"currency" varchar(3) NOT NULL,
	"period_start" date NOT NULL,
	"unit_rate" numeric(12, 6) NOT NULL,
	"standing_charge" numeric(12, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benchmark_tariffs_code_period_key" UNIQUE("code","period_start"),
	CONSTRAINT "benchmark_tariffs_rates_non_negative" CHECK (unit_rate >= 0 AND standing_charge >= 0),
	CONSTRAINT "benchmark_tariffs_currency_iso" CHECK (currency ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "customer_tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"benchmark_tariff_id" uuid NOT NULL,
	"microgrid_tariff_id" uuid,
	"discount_rate_basis_points" integer NOT NULL,
	"is_override" boolean DEFAULT false NOT NULL,
	"computed_unit_rate" numeric(12, 6) NOT NULL,
	"computed_standing_charge" numeric(12, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_tariffs_customer_period_key" UNIQUE("customer_id","period_start"),
	CONSTRAINT "customer_tariffs_discount_range" CHECK (discount_rate_basis_points BETWEEN 0 AND 10000),
	CONSTRAINT "customer_tariffs_rates_non_negative" CHECK (computed_unit_rate >= 0 AND computed_standing_charge >= 0),
	CONSTRAINT "customer_tariffs_inherited_has_source" CHECK (is_override OR microgrid_tariff_id IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "microgrid_tariffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"esco_id" uuid NOT NULL,
	"benchmark_tariff_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"discount_rate_basis_points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "microgrid_tariffs_esco_period_key" UNIQUE("esco_id","period_start"),
	CONSTRAINT "microgrid_tariffs_discount_range" CHECK (discount_rate_basis_points BETWEEN 0 AND 10000)
);
--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD CONSTRAINT "customer_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD CONSTRAINT "customer_accounts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_audit" ADD CONSTRAINT "access_audit_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_events" ADD CONSTRAINT "customer_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_invites" ADD CONSTRAINT "customer_invites_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_invites" ADD CONSTRAINT "customer_invites_accepted_customer_id_customers_id_fk" FOREIGN KEY ("accepted_customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_readings" ADD CONSTRAINT "meter_readings_meter_id_meters_id_fk" FOREIGN KEY ("meter_id") REFERENCES "public"."meters"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meters" ADD CONSTRAINT "meters_premise_id_premises_id_fk" FOREIGN KEY ("premise_id") REFERENCES "public"."premises"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "preferences" ADD CONSTRAINT "preferences_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premises" ADD CONSTRAINT "premises_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premises" ADD CONSTRAINT "premises_esco_id_escos_id_fk" FOREIGN KEY ("esco_id") REFERENCES "public"."escos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD CONSTRAINT "customer_tariffs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD CONSTRAINT "customer_tariffs_benchmark_tariff_id_benchmark_tariffs_id_fk" FOREIGN KEY ("benchmark_tariff_id") REFERENCES "public"."benchmark_tariffs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_tariffs" ADD CONSTRAINT "customer_tariffs_microgrid_tariff_id_microgrid_tariffs_id_fk" FOREIGN KEY ("microgrid_tariff_id") REFERENCES "public"."microgrid_tariffs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" ADD CONSTRAINT "microgrid_tariffs_esco_id_escos_id_fk" FOREIGN KEY ("esco_id") REFERENCES "public"."escos"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "microgrid_tariffs" ADD CONSTRAINT "microgrid_tariffs_benchmark_tariff_id_benchmark_tariffs_id_fk" FOREIGN KEY ("benchmark_tariff_id") REFERENCES "public"."benchmark_tariffs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_accounts_account_idx" ON "customer_accounts" USING btree ("account_id","role");--> statement-breakpoint
CREATE INDEX "access_audit_customer_idx" ON "access_audit" USING btree ("customer_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "access_audit_actor_idx" ON "access_audit" USING btree ("actor_subject","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bills_account_issue_idx" ON "bills" USING btree ("account_id","issue_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "payments_account_paid_idx" ON "payments" USING btree ("account_id","paid_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_lower_key" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_status_idx" ON "customers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "customer_events_customer_idx" ON "customer_events" USING btree ("customer_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at IS NULL;--> statement-breakpoint
CREATE INDEX "customer_invites_account_idx" ON "customer_invites" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "customer_invites_email_idx" ON "customer_invites" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "meters_premise_idx" ON "meters" USING btree ("premise_id");--> statement-breakpoint
CREATE INDEX "premises_account_idx" ON "premises" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "premises_zip_idx" ON "premises" USING btree ("zip");--> statement-breakpoint
CREATE UNIQUE INDEX "premises_one_primary_per_account" ON "premises" USING btree ("account_id") WHERE is_primary;