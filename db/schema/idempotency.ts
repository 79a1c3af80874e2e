import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, varchar } from "drizzle-orm/pg-core";

/**
 * Writes sent with an `Idempotency-Key`, so a retry answers the first result and applies nothing
 * twice. A key is scoped to who sent it (the principal), the method and the route: another
 * caller's key is never seen. `fingerprint` is a hash of the request (method, path, body), so the
 * same key with another body is refused. The answer is stored encrypted (it may hold personal
 * data), in the transaction of the write it answers. Keys are kept for 24 hours.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    method: varchar("method", { length: 8 }).notNull(),
    route: text("route").notNull(),
    key: varchar("key", { length: 255 }).notNull(),
    fingerprint: text("fingerprint").notNull(),
    status: integer("status").notNull(),
    answer: text("answer").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`portal_now()`),
  },
  (t) => [
    primaryKey({ columns: [t.principal, t.method, t.route, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);

export type IdempotencyKey = typeof idempotencyKeys.$inferSelect;
