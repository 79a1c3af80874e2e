import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  integer,
  numeric,
  pgView,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customerStatus, customerType } from "./customers";

/**
 * Live customers with the tariff they pay today: the latest `period_start` on or before
 * the portal's today (`portal_now()`, in UTC). Customers without one are listed with empty tariff columns.
 */
export const activeCustomerTariffs = pgView("active_customer_tariffs", {
  id: uuid("id").notNull(),
  // Encrypted, as in customers; email_index finds one by address.
  email: text("email"),
  emailIndex: text("email_index"),
  name: text("name"),
  tariffId: uuid("tariff_id"),
  periodStart: date("period_start"),
  discountRateBasisPoints: integer("discount_rate_basis_points"),
  isOverride: boolean("is_override"),
  computedUnitRate: numeric("computed_unit_rate", { precision: 12, scale: 6 }),
  computedStandingCharge: numeric("computed_standing_charge", { precision: 12, scale: 6 }),
}).as(sql`
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
  WHERE c.status = 'live'`);

/** Each customer once per ESCO that supplies premises they occupy. */
export const customersByEsco = pgView("customers_by_esco", {
  id: uuid("id").notNull(),
  type: customerType("type").notNull(),
  name: text("name"),
  // Encrypted, as in customers; the blind indexes find one by email or phone.
  email: text("email"),
  emailIndex: text("email_index"),
  phone: text("phone"),
  phoneIndex: text("phone_index"),
  status: customerStatus("status").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  escoId: uuid("esco_id").notNull(),
  escoCode: varchar("esco_code", { length: 16 }).notNull(),
}).as(sql`
  SELECT DISTINCT c.id, c.type, c.name, c.email, c.email_index, c.phone, c.phone_index, c.status, c.created_at,
         e.id AS esco_id, e.code AS esco_code
  FROM customers c
  JOIN customer_accounts ca ON ca.customer_id = c.id AND ca.role = 'occupier'
  JOIN premises p ON p.account_id = ca.account_id
  JOIN escos e ON e.id = p.esco_id`);

export type ActiveCustomerTariff = typeof activeCustomerTariffs.$inferSelect;
export type CustomerByEsco = typeof customersByEsco.$inferSelect;
