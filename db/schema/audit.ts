import { bigint, index, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { customers } from "./customers";

/** Who looked at whose data: staff reads, impersonation start and stop, exports. */
export const accessAudit = pgTable(
  "access_audit",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorRealm: varchar("actor_realm", { length: 64 }).notNull(),
    actorSubject: text("actor_subject").notNull(),
    actorUsername: varchar("actor_username", { length: 254 }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "restrict" }),
    action: varchar("action", { length: 48 }).notNull(),
    resource: text("resource"),
    reason: text("reason"),
    impersonationId: uuid("impersonation_id"),
    requestId: varchar("request_id", { length: 64 }),
  },
  (t) => [
    index("access_audit_customer_idx").on(t.customerId, t.occurredAt.desc()),
    index("access_audit_actor_idx").on(t.actorSubject, t.occurredAt.desc()),
  ],
);

export type AccessAudit = typeof accessAudit.$inferSelect;
export type NewAccessAudit = typeof accessAudit.$inferInsert;
