import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  timestamp,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { accounts } from "./accounts";

export const billStatuses = ["issued", "partially_paid", "paid", "void"] as const;
export const paymentMethods = ["card", "direct_debit", "bank_transfer", "check", "cash"] as const;

export const billStatus = pgEnum("bill_status", billStatuses);
export const paymentMethod = pgEnum("payment_method", paymentMethods);

export const bills = pgTable(
  "bills",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "restrict" }),
    billNumber: varchar("bill_number", { length: 32 }).notNull().unique(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    issueDate: date("issue_date").notNull(),
    dueDate: date("due_date").notNull(),
    amount: numeric("amount", { precision: 12, scale: 2 }).notNull(),
    status: billStatus("status").notNull().default("issued"),
    /** What the billing service sends beyond the totals: lines, taxes, its own references. */
    details: jsonb("details"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("bills_account_period_key").on(t.accountId, t.periodStart),
    index("bills_account_issue_idx").on(t.accountId, t.issueDate.desc()),
    check("bills_period_order", sql`period_end >= period_start`),
    check("bills_due_after_issue", sql`due_date >= issue_date`),
    check("bills_amount_non_negative", sql`amount >= 0`),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "restrict" }),
    paidAt: timestamp("paid_at", { withTimezone: true }).notNull(),
    amount: numeric("amount", { precision: 12, scale: 2 }).notNull(),
    method: paymentMethod("method").notNull(),
    reference: varchar("reference", { length: 64 }),
    /** The billing service's id for the payment, which makes its feed idempotent. */
    externalId: varchar("external_id", { length: 64 }).unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("payments_account_paid_idx").on(t.accountId, t.paidAt.desc()),
    check("payments_amount_positive", sql`amount > 0`),
  ],
);

export type Bill = typeof bills.$inferSelect;
export type NewBill = typeof bills.$inferInsert;
export type Payment = typeof payments.$inferSelect;
export type NewPayment = typeof payments.$inferInsert;
