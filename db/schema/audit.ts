import { sql } from "drizzle-orm";
import { bigint, index, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { customers } from "./customers";

/**
 * Who looked at whose data: the customer's own reads (`self`), staff reads and exports (`staff`),
 * views as the customer with their start and stop (`impersonation`), admin API reads
 * (`admin_api`) and back-end services (`service`).
 */
export const accessKinds = ["self", "staff", "impersonation", "admin_api", "service"] as const;
export type AccessKind = (typeof accessKinds)[number];

export const accessAudit = pgTable(
  "access_audit",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    kind: varchar("kind", { length: 16, enum: accessKinds }).notNull().default("staff"),
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
    // The customer's own list leaves out their own reads: one index serves it without them.
    index("access_audit_customer_others_idx")
      .on(t.customerId, t.occurredAt.desc(), t.id.desc())
      .where(sql`kind <> 'self'`),
    index("access_audit_actor_idx").on(t.actorSubject, t.occurredAt.desc()),
  ],
);

export type AccessAudit = typeof accessAudit.$inferSelect;
export type NewAccessAudit = typeof accessAudit.$inferInsert;
