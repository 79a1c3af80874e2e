import { sql } from "drizzle-orm";
import {
  check,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const erasureRequestStatuses = ["requested", "completed", "declined"] as const;
export const erasureRequestStatus = pgEnum("erasure_request_status", erasureRequestStatuses);

/**
 * A customer's request, made in the portal, to have their personal data erased. An admin
 * completes it (the erasure runs) or declines it with a reason; one open request per customer.
 */
export const erasureRequests = pgTable(
  "erasure_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    status: erasureRequestStatus("status").notNull().default("requested"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    // The admin who completed or declined it (their subject and user name), and when.
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: text("resolved_by"),
    resolvedByUsername: varchar("resolved_by_username", { length: 254 }),
    declineReason: text("decline_reason"),
  },
  (t) => [
    uniqueIndex("erasure_requests_one_open_per_customer")
      .on(t.customerId)
      .where(sql`status = 'requested'`),
    index("erasure_requests_open_idx").on(t.requestedAt).where(sql`status = 'requested'`),
    index("erasure_requests_customer_idx").on(t.customerId, t.requestedAt.desc()),
    check(
      "erasure_requests_resolution",
      sql`(status = 'requested') = (resolved_at IS NULL) AND (status = 'requested') = (resolved_by IS NULL)`,
    ),
    check(
      "erasure_requests_decline_reason",
      sql`(status = 'declined') = (decline_reason IS NOT NULL AND length(btrim(decline_reason)) >= 5)`,
    ),
  ],
);

export type ErasureRequest = typeof erasureRequests.$inferSelect;
export type ErasureRequestStatus = (typeof erasureRequestStatuses)[number];
