import { sql } from "drizzle-orm";
import { check, pgTable, smallint, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

/** Energy service companies: each one bills in its own currency and cuts usage days in its own timezone. */
export const escos = pgTable(
  "escos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: varchar("code", { length: 16 }).notNull().unique(),
    name: varchar("name", { length: 200 }).notNull(),
    currency: varchar("currency", { length: 3 }).notNull(),
    currencyMinorUnit: smallint("currency_minor_unit").notNull().default(2),
    timezone: varchar("timezone", { length: 64 }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    check("escos_currency_iso", sql`currency ~ '^[A-Z]{3}$'`),
    check("escos_minor_unit_range", sql`currency_minor_unit BETWEEN 0 AND 4`),
    check("escos_code_format", sql`code ~ '^[A-Z0-9_-]{2,16}$'`),
  ],
);

export type Esco = typeof escos.$inferSelect;
export type NewEsco = typeof escos.$inferInsert;
