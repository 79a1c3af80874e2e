import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const accountTypes = ["residential", "commercial"] as const;
export const accountStatuses = ["pending", "active", "inactive", "closed"] as const;
export const accountRoles = ["occupier", "landlord", "agent", "billing"] as const;

export const accountType = pgEnum("account_type", accountTypes);
export const accountStatus = pgEnum("account_status", accountStatuses);
export const accountRole = pgEnum("account_role", accountRoles);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountNumber: varchar("account_number", { length: 10 }).notNull().unique(),
    nickname: varchar("nickname", { length: 60 }),
    type: accountType("type").notNull(),
    status: accountStatus("status").notNull().default("active"),
    // The move-out date of a closed account; its bills, reads and payments stay.
    closedOn: date("closed_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    // Staff search: account numbers by prefix.
    index("accounts_number_prefix_idx").on(sql`${t.accountNumber} varchar_pattern_ops`),
    // Staff search: nicknames are not personal data, so they match by substring (pg_trgm).
    index("accounts_nickname_trgm_idx").using("gin", sql`${t.nickname} gin_trgm_ops`),
    check("accounts_number_format", sql`account_number ~ '^[0-9]{10}$'`),
    check("accounts_nickname_not_blank", sql`nickname IS NULL OR btrim(nickname) <> ''`),
    check("accounts_closed_on_when_closed", sql`closed_on IS NULL OR status = 'closed'`),
  ],
);

/**
 * Who may act on an account, and as what. One role per customer and account, which also
 * keeps a landlord from being an occupier of the same premises.
 */
export const customerAccounts = pgTable(
  "customer_accounts",
  {
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: accountRole("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.accountId] }),
    index("customer_accounts_account_idx").on(t.accountId, t.role),
  ],
);

export type Account = typeof accounts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;
export type CustomerAccount = typeof customerAccounts.$inferSelect;
export type AccountRole = (typeof accountRoles)[number];
