import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";

/**
 * Ended sign-ins. A session cookie stays valid until it expires, so the server keeps the ones
 * that ended early: one portal session (signed out), one realm session (a logout at the identity
 * provider), or every session of a subject signed in before a moment. Rows are kept until the
 * longest session they could stop would have expired.
 */
export const sessionRevocations = pgTable(
  "session_revocations",
  {
    scope: varchar("scope", { length: 16 }).notNull(),
    value: text("value").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
    reason: varchar("reason", { length: 32 }).notNull(),
  },
  (t) => [
    index("session_revocations_lookup_idx").on(t.scope, t.value),
    check("session_revocations_scope", sql`scope IN ('session', 'realm_session', 'subject')`),
  ],
);

/**
 * Counters of the rate limits, shared by every instance of the portal (the store of
 * rate-limiter-flexible's Drizzle limiter): one row per limit and caller, until it expires.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * Logout tokens accepted from the realms, by issuer and `jti`, so each ends sessions once: the
 * same token posted again is a replay. A row is kept until the token is too old to be accepted
 * anyway, then purged by the next accepted token.
 */
export const logoutTokenUses = pgTable(
  "logout_token_uses",
  {
    issuer: text("issuer").notNull(),
    jti: text("jti").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.jti] }),
    index("logout_token_uses_expires_idx").on(t.expiresAt),
  ],
);
