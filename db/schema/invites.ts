import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";
import { accountRole, accounts } from "./accounts";
import { customers } from "./customers";

/** An invitation to link a new customer to an account. Only the token's hash is stored. */
export const customerInvites = pgTable(
  "customer_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: accountRole("role").notNull(),
    // Encrypted (lib/pii.ts); the blind index matches it to a customer's email.
    email: text("email").notNull(),
    emailIndex: text("email_index"),
    tokenHash: varchar("token_hash", { length: 64 }).notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedCustomerId: uuid("accepted_customer_id").references(() => customers.id, {
      onDelete: "set null",
    }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("customer_invites_account_idx").on(t.accountId),
    index("customer_invites_email_index_idx").on(t.emailIndex),
    check("customer_invites_expiry_after_creation", sql`expires_at > created_at`),
    check(
      "customer_invites_customer_only_when_accepted",
      sql`accepted_at IS NOT NULL OR accepted_customer_id IS NULL`,
    ),
  ],
);

export type CustomerInvite = typeof customerInvites.$inferSelect;
export type NewCustomerInvite = typeof customerInvites.$inferInsert;
