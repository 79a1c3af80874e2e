DROP VIEW "public"."active_customer_tariffs";--> statement-breakpoint
DROP VIEW "public"."customers_by_esco";--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_email_format";--> statement-breakpoint
ALTER TABLE "customers" DROP CONSTRAINT "customers_phone_e164";--> statement-breakpoint
ALTER TABLE "customer_invites" DROP CONSTRAINT "customer_invites_email_format";--> statement-breakpoint
DROP INDEX "customers_email_lower_key";--> statement-breakpoint
DROP INDEX "customers_email_trgm_idx";--> statement-breakpoint
DROP INDEX "customer_invites_email_idx";--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "email" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "phone" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "customer_invites" ALTER COLUMN "email" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "preferences" ALTER COLUMN "mailing_street" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "preferences" ALTER COLUMN "mailing_unit" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "premises" ALTER COLUMN "street" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "premises" ALTER COLUMN "unit" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "email_index" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone_index" text;--> statement-breakpoint
ALTER TABLE "customer_invites" ADD COLUMN "email_index" text;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_index_key" ON "customers" USING btree ("email_index");--> statement-breakpoint
CREATE INDEX "customers_phone_index_idx" ON "customers" USING btree ("phone_index");--> statement-breakpoint
CREATE INDEX "customer_invites_email_index_idx" ON "customer_invites" USING btree ("email_index");--> statement-breakpoint
CREATE VIEW "public"."active_customer_tariffs" AS (
  SELECT c.id, c.email, c.email_index, c.name, ct.id AS tariff_id, ct.period_start,
         ct.discount_rate_basis_points, ct.is_override, ct.computed_unit_rate,
         ct.computed_standing_charge
  FROM customers c
  LEFT JOIN LATERAL (
    SELECT t.id, t.period_start, t.discount_rate_basis_points, t.is_override,
           t.computed_unit_rate, t.computed_standing_charge
    FROM customer_tariffs t
    WHERE t.customer_id = c.id AND t.period_start <= (portal_now() AT TIME ZONE 'UTC')::date
    ORDER BY t.period_start DESC
    LIMIT 1
  ) ct ON true
  WHERE c.status = 'live');--> statement-breakpoint
CREATE VIEW "public"."customers_by_esco" AS (
  SELECT DISTINCT c.id, c.type, c.name, c.email, c.email_index, c.phone, c.phone_index, c.status, c.created_at,
         e.id AS esco_id, e.code AS esco_code
  FROM customers c
  JOIN customer_accounts ca ON ca.customer_id = c.id AND ca.role = 'occupier'
  JOIN premises p ON p.account_id = ca.account_id
  JOIN escos e ON e.id = p.esco_id);