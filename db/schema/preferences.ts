import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { customers } from "./customers";

export const billDeliveryOptions = ["email", "paper", "both"] as const;
export const billDelivery = pgEnum("bill_delivery", billDeliveryOptions);

export const preferences = pgTable(
  "preferences",
  {
    customerId: uuid("customer_id")
      .primaryKey()
      .references(() => customers.id, { onDelete: "cascade" }),
    billDelivery: billDelivery("bill_delivery").notNull().default("email"),
    notifyBillReady: boolean("notify_bill_ready").notNull().default(true),
    notifyPaymentDue: boolean("notify_payment_due").notNull().default(true),
    notifyOutageAlerts: boolean("notify_outage_alerts").notNull().default(true),
    notifyHighUsageAlerts: boolean("notify_high_usage_alerts").notNull().default(false),
    autoPayEnabled: boolean("auto_pay_enabled").notNull().default(false),
    autoPayPaymentMethodId: varchar("auto_pay_payment_method_id", { length: 64 }),
    mailingSameAsPrimary: boolean("mailing_same_as_primary").notNull().default(true),
    // Encrypted (lib/pii.ts), like premises' street and unit; city and postcode stay plain.
    mailingStreet: text("mailing_street"),
    mailingUnit: text("mailing_unit"),
    mailingCity: varchar("mailing_city", { length: 100 }),
    mailingState: varchar("mailing_state", { length: 100 }),
    mailingZip: varchar("mailing_zip", { length: 16 }),
    mailingCountry: varchar("mailing_country", { length: 2 }),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  () => [
    check(
      "preferences_mailing_address_complete",
      sql`mailing_same_as_primary OR (mailing_street IS NOT NULL AND mailing_city IS NOT NULL AND mailing_zip IS NOT NULL)`,
    ),
  ],
);

export type Preferences = typeof preferences.$inferSelect;
export type NewPreferences = typeof preferences.$inferInsert;
