import { z } from "zod";
import { meterTypes, readingSources } from "@/db/schema/meters";
import {
  MAX_READINGS_LIMIT,
  readingGroupings,
  readingOrders,
  readingsFormats,
} from "@/lib/readings-request";
import { windowBound } from "@/lib/usage-window";

export const readingsQuerySchema = z
  .strictObject({
    from: windowBound.optional().meta({
      description:
        "Start of the window, exclusive: a date (local midnight in the ESCO's timezone) or a date-time with an offset. Give both bounds or neither.",
    }),
    to: windowBound.optional().meta({
      description: "End of the window, inclusive, in the same form as from; at most 400 days on.",
    }),
    order: z.enum(readingOrders).default("asc"),
    groupBy: z.enum(readingGroupings).default("none").meta({
      description: "Raw reads, or buckets cut in the ESCO's timezone (weeks start on Monday).",
    }),
    limit: z.coerce.number().int().min(1).max(MAX_READINGS_LIMIT).optional().meta({
      description: "Reads or buckets a page: 1000 reads or 500 buckets by default; not for CSV.",
    }),
    cursor: z
      .string()
      .max(512)
      .optional()
      .meta({ description: "From a previous page's next; a CSV download then starts there." }),
    format: z.enum(readingsFormats).optional().meta({
      description:
        "csv downloads the whole window; so does Accept: text/csv. atom downloads it as a Green Button (NAESB ESPI 4.0) feed; so does Accept: application/atom+xml.",
    }),
  })
  .meta({ id: "MeterReadingsQuery" });

const instant = z.iso.datetime().meta({ description: "An instant in UTC" });
const quantity = z.number().nonnegative();
const money = z.number().nonnegative().nullable().meta({
  description:
    "In the ESCO's currency, rounded to its minor unit; null where no tariff prices the meter",
});

/** What use costs: the energy at the unit rate plus the standing charge per day. */
const costFields = {
  energyCost: money.meta({
    description:
      "The consumption at the unit rate in force on each local day, rounded once to the minor unit",
  }),
  standingCharge: money.meta({
    description:
      "The daily standing charge for each local day the bucket covers (its share of the day for hours), rounded once",
  }),
  cost: money.meta({ description: "energyCost + standingCharge" }),
};

export const meterReadingSchema = z
  .object({
    readAt: instant,
    localTime: z.iso.datetime({ offset: true }).meta({
      description: "The read time in the ESCO's timezone, with its UTC offset",
    }),
    register: quantity,
    consumption: quantity.nullable().meta({
      description: "Used since the previous read: the read covers the period ending at readAt",
    }),
    source: z.enum(readingSources),
  })
  .meta({ id: "MeterReading" });

export const readingBucketSchema = z
  .object({
    start: instant.meta({ description: "Start of the bucket, or of the window if later" }),
    end: instant.meta({ description: "End of the bucket, or of the window if earlier" }),
    label: z.string().meta({
      description: "Local name: 2026-03-08, 2026-03-08T01:00-06:00, 2026-W10 or 2026-03",
    }),
    consumption: quantity.nullable(),
    reads: z.int().nonnegative(),
    expectedReads: z.int().nonnegative(),
    complete: z.boolean().meta({
      description:
        "Every expected read is present and the consumption covers exactly start to end (after a gap, the first read also carries earlier use)",
    }),
    sources: z.object({
      actual: z.int().nonnegative(),
      estimated: z.int().nonnegative(),
      customer: z.int().nonnegative(),
    }),
    ...costFields,
  })
  .meta({ id: "MeterReadingBucket" });

export const readingsSummarySchema = z.object({ consumption: quantity, ...costFields }).meta({
  id: "MeterReadingsSummary",
  description:
    "This page's buckets summed: the money only where every bucket is priced, so the buckets always add up to it",
});

export const readingGapSchema = z
  .object({
    from: instant,
    to: instant,
    missingReads: z.int().positive(),
  })
  .meta({
    id: "MeterReadingGap",
    description: "The reads expected in (from, to] are missing; nothing is filled in for them",
  });

const pageFields = {
  meterId: z.uuid(),
  meterNumber: z.string(),
  type: z.enum(meterTypes),
  unit: z.string(),
  isSmart: z.boolean(),
  timezone: z.string(),
  currency: z.string().length(3).meta({ description: "The ESCO's ISO 4217 currency" }),
  priced: z.boolean().meta({ description: "Whether a tariff prices this meter's use" }),
  readInterval: z.enum(["PT30M", "P1M"]),
  from: instant,
  to: instant,
  order: z.enum(readingOrders),
  dataAvailableUntil: instant.nullable().meta({
    description: "The meter's latest read; later reads are not yet available, not missing",
  }),
  gaps: z.array(readingGapSchema),
  next: z.string().nullable().meta({ description: "The next page, or null on the last" }),
};

export const meterReadingsSchema = z
  .object({ ...pageFields, groupBy: z.literal("none"), readings: z.array(meterReadingSchema) })
  .meta({ id: "MeterReadings" });

export const meterReadingBucketsSchema = z
  .object({
    ...pageFields,
    groupBy: z.enum(readingGroupings).exclude(["none"]),
    buckets: z.array(readingBucketSchema),
    summary: readingsSummarySchema,
  })
  .meta({ id: "MeterReadingBuckets" });

export const meterReadingsResponseSchema = z
  .union([meterReadingsSchema, meterReadingBucketsSchema])
  .meta({ id: "MeterReadingsResponse" });
