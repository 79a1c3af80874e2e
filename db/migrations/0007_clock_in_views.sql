DROP VIEW "public"."active_customer_tariffs";--> statement-breakpoint
CREATE VIEW "public"."active_customer_tariffs" AS (
  SELECT c.id, c.email, c.name, ct.id AS tariff_id, ct.period_start,
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
  WHERE c.status = 'live');