import { type SQL, sql } from "drizzle-orm";
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

export const customerTypes = ["individual", "business"] as const;
export const customerStatuses = ["onboarding", "prelive", "live", "inactive", "closed"] as const;

export const customerType = pgEnum("customer_type", customerTypes);
export const customerStatus = pgEnum("customer_status", customerStatuses);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // The identity provider's `sub`; null until the customer first signs in.
    authSubject: text("auth_subject").unique(),
    type: customerType("type").notNull(),
    firstName: varchar("first_name", { length: 100 }),
    lastName: varchar("last_name", { length: 100 }),
    businessName: varchar("business_name", { length: 200 }),
    // Display name for search and the admin API; derived so it can never disagree with the parts.
    name: text("name").generatedAlwaysAs(
      (): SQL =>
        sql`coalesce(business_name, nullif(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''))`,
    ),
    // Encrypted (lib/pii.ts); nullable only so that erasure can scrub it. The address and number
    // are validated before they are encrypted, and found again by their blind indexes.
    email: text("email"),
    emailIndex: text("email_index"),
    phone: text("phone"),
    phoneIndex: text("phone_index"),
    // Staff search by the number's last seven digits, however the rest was written.
    phoneTailIndex: text("phone_tail_index"),
    status: customerStatus("status").notNull().default("onboarding"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // Emails are unique whatever their case: the blind index is over the lower-cased address.
    uniqueIndex("customers_email_index_key").on(t.emailIndex),
    index("customers_phone_index_idx").on(t.phoneIndex),
    index("customers_phone_tail_index_idx").on(t.phoneTailIndex),
    index("customers_status_idx").on(t.status),
    // Staff search: substring matches on names at any scale (pg_trgm).
    index("customers_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    check("customers_email_required", sql`email IS NOT NULL OR status = 'closed'`),
    check(
      "customers_live_has_name",
      sql`status <> 'live' OR (type = 'individual' AND first_name IS NOT NULL AND last_name IS NOT NULL) OR (type = 'business' AND business_name IS NOT NULL)`,
    ),
    check("customers_deleted_is_closed", sql`deleted_at IS NULL OR status = 'closed'`),
  ],
);

export type Customer = typeof customers.$inferSelect;
export type NewCustomer = typeof customers.$inferInsert;
export type CustomerStatus = (typeof customerStatuses)[number];
export type CustomerType = (typeof customerTypes)[number];
