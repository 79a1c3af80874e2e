import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  foreignKey,
  integer,
  numeric,
  pgTable,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { escos } from "./escos";
import { meterType } from "./meters";

/** Published reference rates (e.g. a regulator's price cap), per fuel and period. */
export const benchmarkTariffs = pgTable(
  "benchmark_tariffs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: varchar("code", { length: 40 }).notNull(),
    name: varchar("name", { length: 200 }).notNull(),
    fuel: meterType("fuel").notNull(),
    currency: varchar("currency", { length: 3 }).notNull(),
    periodStart: date("period_start").notNull(),
    unitRate: numeric("unit_rate", { precision: 12, scale: 6 }).notNull(),
    standingCharge: numeric("standing_charge", { precision: 12, scale: 6 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("benchmark_tariffs_code_period_key").on(t.code, t.periodStart),
    // The key the ESCO and customer tariffs hold, so their fuel is always their benchmark's.
    unique("benchmark_tariffs_id_fuel_key").on(t.id, t.fuel),
    check("benchmark_tariffs_rates_non_negative", sql`unit_rate >= 0 AND standing_charge >= 0`),
    check("benchmark_tariffs_currency_iso", sql`currency ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * An ESCO's tariff for one fuel: its discount on a benchmark, inherited by its customers. A
 * community microgrid discounts the regulator's cap; a standard supplier's tariff is its own
 * benchmark at no discount.
 */
export const microgridTariffs = pgTable(
  "microgrid_tariffs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    escoId: uuid("esco_id")
      .notNull()
      .references(() => escos.id, { onDelete: "restrict" }),
    benchmarkTariffId: uuid("benchmark_tariff_id")
      .notNull()
      .references(() => benchmarkTariffs.id, { onDelete: "restrict" }),
    fuel: meterType("fuel").notNull().default("electric"),
    periodStart: date("period_start").notNull(),
    discountRateBasisPoints: integer("discount_rate_basis_points").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("microgrid_tariffs_esco_fuel_period_key").on(t.escoId, t.fuel, t.periodStart),
    foreignKey({
      name: "microgrid_tariffs_benchmark_fuel_fk",
      columns: [t.benchmarkTariffId, t.fuel],
      foreignColumns: [benchmarkTariffs.id, benchmarkTariffs.fuel],
    }),
    check("microgrid_tariffs_discount_range", sql`discount_rate_basis_points BETWEEN 0 AND 10000`),
  ],
);

/**
 * The rate a customer pays for a fuel from `period_start` until the next row. The computed rates are
 * benchmark * (1 - basis_points / 10000), stored so bills can be explained later.
 */
export const customerTariffs = pgTable(
  "customer_tariffs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    periodStart: date("period_start").notNull(),
    benchmarkTariffId: uuid("benchmark_tariff_id")
      .notNull()
      .references(() => benchmarkTariffs.id, { onDelete: "restrict" }),
    microgridTariffId: uuid("microgrid_tariff_id").references(() => microgridTariffs.id, {
      onDelete: "restrict",
    }),
    fuel: meterType("fuel").notNull().default("electric"),
    discountRateBasisPoints: integer("discount_rate_basis_points").notNull(),
    // True when the discount was set for this customer instead of inherited from the ESCO.
    isOverride: boolean("is_override").notNull().default(false),
    computedUnitRate: numeric("computed_unit_rate", { precision: 12, scale: 6 }).notNull(),
    computedStandingCharge: numeric("computed_standing_charge", {
      precision: 12,
      scale: 6,
    }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("customer_tariffs_customer_fuel_period_key").on(t.customerId, t.fuel, t.periodStart),
    foreignKey({
      name: "customer_tariffs_benchmark_fuel_fk",
      columns: [t.benchmarkTariffId, t.fuel],
      foreignColumns: [benchmarkTariffs.id, benchmarkTariffs.fuel],
    }),
    check("customer_tariffs_discount_range", sql`discount_rate_basis_points BETWEEN 0 AND 10000`),
    check(
      "customer_tariffs_rates_non_negative",
      sql`computed_unit_rate >= 0 AND computed_standing_charge >= 0`,
    ),
    check(
      "customer_tariffs_inherited_has_source",
      sql`is_override OR microgrid_tariff_id IS NOT NULL`,
    ),
  ],
);

export type BenchmarkTariff = typeof benchmarkTariffs.$inferSelect;
export type MicrogridTariff = typeof microgridTariffs.$inferSelect;
export type CustomerTariff = typeof customerTariffs.$inferSelect;
export type NewCustomerTariff = typeof customerTariffs.$inferInsert;
