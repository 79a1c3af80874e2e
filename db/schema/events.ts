import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const actorTypes = ["customer", "staff", "admin", "system"] as const;
export const actorType = pgEnum("actor_type", actorTypes);

/** The audit trail of changes to a customer: who changed what, and when. */
export const customerEvents = pgTable(
  "customer_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "restrict" }),
    type: varchar("type", { length: 64 }).notNull(),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("customer_events_customer_idx").on(t.customerId, t.occurredAt.desc())],
);

/**
 * Integration events written in the same transaction as the change they describe, and
 * published afterwards by the relay (transactional outbox). They name what changed by id
 * (lib/domain/events.ts); published rows are deleted after OUTBOX_RETENTION_DAYS.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    aggregateType: varchar("aggregate_type", { length: 32 }).notNull(),
    aggregateId: uuid("aggregate_id").notNull(),
    eventType: varchar("event_type", { length: 64 }).notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    // After a failed delivery the relay leaves the event alone until then (backing off).
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  },
  (t) => [
    index("outbox_unpublished_idx").on(t.id).where(sql`published_at IS NULL`),
    // The relay keeps each aggregate's events in order: it looks for earlier pending ones.
    index("outbox_pending_aggregate_idx").on(t.aggregateId, t.id).where(sql`published_at IS NULL`),
    // Published rows are deleted once older than the retention window, oldest first.
    index("outbox_published_idx").on(t.publishedAt).where(sql`published_at IS NOT NULL`),
  ],
);

export type CustomerEvent = typeof customerEvents.$inferSelect;
export type NewCustomerEvent = typeof customerEvents.$inferInsert;
export type OutboxEvent = typeof outbox.$inferSelect;
export type NewOutboxEvent = typeof outbox.$inferInsert;
export type ActorType = (typeof actorTypes)[number];
