import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { premises } from "./premises";

export const meterTypes = ["electric", "gas", "water"] as const;
export const meterStatuses = ["active", "inactive", "removed"] as const;
export const readingSources = ["actual", "estimated", "customer"] as const;
/** One unit per commodity, so usage of a type can always be summed. */
export const meterUnits = { electric: "kWh", gas: "m3", water: "m3" } as const;

export const meterType = pgEnum("meter_type", meterTypes);
export const meterStatus = pgEnum("meter_status", meterStatuses);
export const readingSource = pgEnum("reading_source", readingSources);

export const meters = pgTable(
  "meters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    premiseId: uuid("premise_id")
      .notNull()
      .references(() => premises.id, { onDelete: "restrict" }),
    meterNumber: varchar("meter_number", { length: 32 }).notNull().unique(),
    type: meterType("type").notNull(),
    unit: varchar("unit", { length: 8 }).notNull(),
    status: meterStatus("status").notNull().default("active"),
    installDate: date("install_date").notNull(),
    removalDate: date("removal_date"),
    isSmart: boolean("is_smart").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("meters_premise_idx").on(t.premiseId),
    // Staff search: meter numbers by prefix, whatever the case typed.
    index("meters_number_prefix_idx").on(sql`upper(${t.meterNumber}) text_pattern_ops`),
    check(
      "meters_unit_matches_type",
      sql`(type = 'electric' AND unit = 'kWh') OR (type IN ('gas', 'water') AND unit = 'm3')`,
    ),
    check(
      "meters_removal_after_install",
      sql`removal_date IS NULL OR removal_date >= install_date`,
    ),
    check("meters_removed_has_date", sql`(status = 'removed') = (removal_date IS NOT NULL)`),
  ],
);

/**
 * A register read. `consumption` is what was used since the meter's previous read, so a read
 * at T covers the period that ends at T.
 */
export const meterReadings = pgTable(
  "meter_readings",
  {
    meterId: uuid("meter_id")
      .notNull()
      .references(() => meters.id, { onDelete: "cascade" }),
    readAt: timestamp("read_at", { withTimezone: true }).notNull(),
    registerValue: numeric("register_value", { precision: 14, scale: 3 }).notNull(),
    consumption: numeric("consumption", { precision: 14, scale: 3 }),
    source: readingSource("source").notNull().default("actual"),
  },
  (t) => [
    primaryKey({ columns: [t.meterId, t.readAt] }),
    check("meter_readings_register_non_negative", sql`register_value >= 0`),
    check("meter_readings_consumption_non_negative", sql`consumption IS NULL OR consumption >= 0`),
  ],
);

/**
 * A meter's reads summed per local day of its ESCO, kept in the same transaction as the reads
 * (lib/domain/ingest) and rebuildable from them exactly. A read at T counts on the day its
 * period ends in: a read at local midnight closes the day before. Day, week and month views
 * and the summaries read these instead of the raw reads.
 */
export const meterDailyUsage = pgTable(
  "meter_daily_usage",
  {
    meterId: uuid("meter_id")
      .notNull()
      .references(() => meters.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    consumption: numeric("consumption", { precision: 16, scale: 3 }),
    reads: integer("reads").notNull(),
    /** Reads the meter should have sent that day, within its service life (46 to 50 for smart). */
    expectedReads: integer("expected_reads").notNull(),
    actualReads: integer("actual_reads").notNull(),
    estimatedReads: integer("estimated_reads").notNull(),
    customerReads: integer("customer_reads").notNull(),
    firstReadAt: timestamp("first_read_at", { withTimezone: true }).notNull(),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }).notNull(),
    /** The meter's read before the day's first: where the day's first consumption starts. */
    previousReadAt: timestamp("previous_read_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.meterId, t.day] }),
    check("meter_daily_usage_reads_positive", sql`reads > 0`),
  ],
);

export type Meter = typeof meters.$inferSelect;
export type NewMeter = typeof meters.$inferInsert;
export type MeterReading = typeof meterReadings.$inferSelect;
export type MeterDailyUsage = typeof meterDailyUsage.$inferSelect;
export type MeterType = (typeof meterTypes)[number];
