CREATE VIEW "public"."active_customer_tariffs" AS (
  SELECT c.id, c.email, c.name, ct.id AS tariff_id, ct.period_start,
         ct.discount_rate_basis_points, ct.is_override, ct.computed_unit_rate,
         ct.computed_standing_charge
  FROM customers c
  LEFT JOIN LATERAL (
    SELECT t.id, t.period_start, t.discount_rate_basis_points, t.is_override,
           t.computed_unit_rate, t.computed_standing_charge
    FROM customer_tariffs t
    WHERE t.customer_id = c.id AND t.period_start <= CURRENT_DATE
    ORDER BY t.period_start DESC
    LIMIT 1
  ) ct ON true
  WHERE c.status = 'live');--> statement-breakpoint
CREATE VIEW "public"."customers_by_esco" AS (
  SELECT DISTINCT c.id, c.type, c.name, c.email, c.phone, c.status, c.created_at,
         e.id AS esco_id, e.code AS esco_code
  FROM customers c
  JOIN customer_accounts ca ON ca.customer_id = c.id AND ca.role = 'occupier'
  JOIN premises p ON p.account_id = ca.account_id
  JOIN escos e ON e.id = p.esco_id);