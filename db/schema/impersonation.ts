import { sql } from "drizzle-orm";
import {
  check,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

/**
 * A member of staff viewing the portal as a customer, read-only. One open session per member
 * of staff, so a session cannot be chained into another; it ends when stopped or at expiry.
 */
export const impersonationSessions = pgTable(
  "impersonation_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    staffSubject: text("staff_subject").notNull(),
    staffUsername: varchar("staff_username", { length: 254 }).notNull(),
    staffRoles: text("staff_roles").array().notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    reason: text("reason").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: varchar("end_reason", { length: 16 }),
  },
  (t) => [
    uniqueIndex("impersonation_sessions_one_open_per_staff")
      .on(t.staffSubject)
      .where(sql`ended_at IS NULL`),
    index("impersonation_sessions_customer_idx").on(t.customerId, t.startedAt.desc()),
    check("impersonation_sessions_reason_given", sql`length(btrim(reason)) >= 10`),
    check("impersonation_sessions_expiry_after_start", sql`expires_at > started_at`),
    check(
      "impersonation_sessions_end_reason",
      sql`(ended_at IS NULL) = (end_reason IS NULL) AND (end_reason IS NULL OR end_reason IN ('stopped', 'expired'))`,
    ),
  ],
);

export type ImpersonationSession = typeof impersonationSessions.$inferSelect;
