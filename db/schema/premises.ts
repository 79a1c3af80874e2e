import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";
import { escos } from "./escos";

export const premises = pgTable(
  "premises",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    escoId: uuid("esco_id")
      .notNull()
      .references(() => escos.id, { onDelete: "restrict" }),
    // Encrypted (lib/pii.ts); city and postcode stay plain for outage areas and staff search.
    street: text("street").notNull(),
    // Blind index of the street name without the house number (lib/pii.ts), for staff search.
    streetIndex: text("street_index"),
    unit: text("unit"),
    city: varchar("city", { length: 100 }).notNull(),
    state: varchar("state", { length: 100 }),
    zip: varchar("zip", { length: 16 }).notNull(),
    country: varchar("country", { length: 2 }).notNull().default("US"),
    isPrimary: boolean("is_primary").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("premises_account_idx").on(t.accountId),
    index("premises_street_index_idx").on(t.streetIndex),
    // Staff search: postcodes by prefix, ignoring spaces and case ("sw98" finds "SW9 8PR").
    index("premises_postcode_search_idx").on(
      sql`upper(replace(${t.zip}, ' ', '')) text_pattern_ops`,
    ),
    // At most one primary here; "at least one" is a deferred constraint trigger in the migrations.
    uniqueIndex("premises_one_primary_per_account").on(t.accountId).where(sql`is_primary`),
    check("premises_country_iso", sql`country ~ '^[A-Z]{2}$'`),
  ],
);

export type Premise = typeof premises.$inferSelect;
export type NewPremise = typeof premises.$inferInsert;
