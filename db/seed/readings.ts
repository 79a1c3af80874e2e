import { type SQL, sql } from "drizzle-orm";
import { applyReadingBatch } from "@/lib/domain/ingest/readings";
import { type Database, queryRows } from "../client";
import { isoInstantPrecise } from "../queries/sql-format";
import { meterReadings } from "../schema";
import type { DemoEsco, DemoMeter, LoadProfile } from "./demo-data";
import { meterId } from "./static";

interface SeedRead {
  meter_number: string;
  read_at: string;
  value: string;
  source: "actual" | "estimated" | "customer";
}

const BATCH = 5000;

/**
 * Hands generated reads to the meter feed's own ingestion, a batch at a time: the demo data is
 * made the way production data arrives, with the same checks, consumption and rollups.
 */
async function deliver(db: Database, rows: SeedRead[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r, j) => ({
      line: i + j + 1,
      meterNumber: r.meter_number,
      readAt: r.read_at,
      value: r.value,
      source: r.source,
    }));
    const outcome = await applyReadingBatch(db, batch);
    if (outcome.rejected.length) {
      const [first] = outcome.rejected;
      throw new Error(`The demo reads were refused: ${first?.code} (${first?.detail})`);
    }
  }
}

/** A repeatable pseudo-random number in [0, 1) from a text key: hashtext is deterministic. */
function unitNoise(key: SQL): SQL {
  return sql`((abs(hashtext(${key})::bigint) % 1000) / 1000.0)`;
}

/** Energy in one half-hour, by hour of day `h` and ISO weekday `dow`, before scaling. */
function halfHourShape(profile: LoadProfile): SQL {
  switch (profile) {
    case "residential":
      return sql`(0.10 + 0.32 * exp(-power(h - 19, 2) / 5) + 0.18 * exp(-power(h - 7.5, 2) / 2)
                + 0.05 * exp(-power(h - 13, 2) / 3))`;
    case "commercial":
      return sql`(0.30 + CASE WHEN dow <= 5 AND h >= 7 AND h < 19
                              THEN 1.2 - 0.5 * abs(h - 13) / 6 ELSE 0 END
                + CASE WHEN dow = 6 AND h >= 9 AND h < 17 THEN 0.35 ELSE 0 END)`;
    case "warehouse":
      return sql`(0.45 + CASE WHEN dow <= 6 AND h >= 6 AND h < 22 THEN 0.75 ELSE 0 END)`;
  }
}

/** Seasonal swing around the ESCO's peak day of year. */
function season(esco: DemoEsco, doy: SQL): SQL {
  return sql`(1 + 0.3 * cos(2 * pi() * (${doy} - ${esco.peakDayOfYear}) / 365.25))::numeric`;
}

/**
 * Half-hourly reads from `from` (local midnight) to `to`, continuing any reads already stored so
 * the register stays continuous. A few whole days and a few mornings are missing, as happens when
 * a smart meter loses its link; the read after a gap carries the consumption of the gap.
 */
export async function seedSmartReadings(
  db: Database,
  meter: DemoMeter,
  esco: DemoEsco,
  range: { from: string; to: string; recentGapDay: string },
): Promise<void> {
  const id = meterId(meter.meterNumber);
  const tz = esco.timezone;
  const day = sql`to_char(local_start::date, 'YYYYMMDD')`;
  const rows = await queryRows<SeedRead>(
    db,
    sql`
    WITH last AS (
      SELECT read_at, register_value FROM ${meterReadings}
      WHERE meter_id = ${id}::uuid ORDER BY read_at DESC LIMIT 1
    ),
    bounds AS (
      SELECT coalesce((SELECT read_at FROM last), ${range.from}::date::timestamp AT TIME ZONE ${tz}) AS start_at,
             ${range.to}::date::timestamp AT TIME ZONE ${tz} AS end_at,
             coalesce((SELECT register_value FROM last),
                      (10000 + abs(hashtext(${meter.meterNumber})) % 40000)::numeric) AS start_register
    ),
    slots AS (
      SELECT s.t, (s.t - interval '30 minutes') AT TIME ZONE ${tz} AS local_start
      FROM bounds b, generate_series(b.start_at + interval '30 minutes', b.end_at, interval '30 minutes') AS s(t)
    ),
    shaped AS (
      SELECT t, local_start,
             extract(hour FROM local_start) + extract(minute FROM local_start) / 60.0 AS h,
             extract(isodow FROM local_start) AS dow,
             extract(doy FROM local_start) AS doy
      FROM slots
    ),
    usage AS (
      SELECT t, local_start,
             round(${halfHourShape(meter.profile)}::numeric * ${season(esco, sql`doy`)}
                   * (0.8 + 0.4 * ${unitNoise(sql`${meter.meterNumber} || extract(epoch FROM t)::bigint::text`)})
                   * ${meter.scale}::numeric, 3) AS c
      FROM shaped
    ),
    registers AS (
      SELECT u.t, u.local_start, b.start_register + sum(u.c) OVER (ORDER BY u.t) AS register
      FROM usage u, bounds b
    ),
    kept AS (
      SELECT t, register FROM registers
      WHERE NOT (
        abs(hashtext(${meter.meterNumber} || ':day:' || ${day})) % 97 = 3
        OR (abs(hashtext(${meter.meterNumber} || ':morning:' || ${day})) % 53 = 7
            AND extract(hour FROM local_start) BETWEEN 9 AND 11)
        OR (local_start::date = ${range.recentGapDay}::date AND extract(hour FROM local_start) BETWEEN 2 AND 7)
      )
    )
    SELECT ${meter.meterNumber}::text AS meter_number, ${isoInstantPrecise(sql`t`)} AS read_at,
           register::text AS value, 'actual' AS source
    FROM (
      SELECT t, register FROM kept
      -- A new meter's history opens with the register as it stood at the start.
      UNION ALL SELECT start_at, start_register FROM bounds WHERE NOT EXISTS (SELECT 1 FROM last)
    ) k ORDER BY t`,
  );
  await deliver(db, rows);
}

/**
 * One read at local midnight on the first of each month. Some are estimated, one a month is
 * occasionally skipped (the next read then covers two months), and now and then the customer
 * reads the meter themselves.
 */
export async function seedMonthlyReadings(
  db: Database,
  meter: DemoMeter,
  esco: DemoEsco,
  range: { from: string; to: string },
): Promise<void> {
  const id = meterId(meter.meterNumber);
  const tz = esco.timezone;
  const month = sql`to_char(local_month, 'YYYYMM')`;
  const rows = await queryRows<SeedRead>(
    db,
    sql`
    WITH last AS (
      SELECT read_at, register_value FROM ${meterReadings}
      WHERE meter_id = ${id}::uuid ORDER BY read_at DESC LIMIT 1
    ),
    bounds AS (
      SELECT coalesce((SELECT register_value FROM last),
                      (1000 + abs(hashtext(${meter.meterNumber})) % 9000)::numeric) AS start_register,
             (SELECT read_at FROM last) AS last_read_at
    ),
    months AS (
      SELECT m AS local_month, m AT TIME ZONE ${tz} AS t
      FROM generate_series(date_trunc('month', ${range.from}::date::timestamp) + interval '1 month',
                           ${range.to}::date::timestamp, interval '1 month') AS m
    ),
    usage AS (
      SELECT t, local_month,
             round(${meter.scale}::numeric
                   * ${season(esco, sql`extract(doy FROM local_month - interval '15 days')`)}
                   * (0.85 + 0.3 * ${unitNoise(sql`${meter.meterNumber} || ${month}`)}), 3) AS c
      FROM months, bounds
      WHERE bounds.last_read_at IS NULL OR months.t > bounds.last_read_at
    ),
    registers AS (
      SELECT u.t, u.local_month, b.start_register + sum(u.c) OVER (ORDER BY u.t) AS register
      FROM usage u, bounds b
    ),
    kept AS (
      SELECT t, local_month, register FROM registers
      WHERE abs(hashtext(${meter.meterNumber} || ':skip:' || ${month})) % 13 <> 5
    )
    SELECT ${meter.meterNumber}::text AS meter_number, ${isoInstantPrecise(sql`t`)} AS read_at,
           register::text AS value,
           CASE
              WHEN abs(hashtext(${meter.meterNumber} || ':source:' || ${month})) % 5 = 0 THEN 'estimated'
              WHEN abs(hashtext(${meter.meterNumber} || ':source:' || ${month})) % 11 = 1 THEN 'customer'
              ELSE 'actual'
            END AS source
    FROM (
      SELECT t, local_month, register FROM kept
      UNION ALL
      SELECT date_trunc('month', ${range.from}::date::timestamp) AT TIME ZONE ${tz},
             date_trunc('month', ${range.from}::date::timestamp), start_register
      FROM bounds WHERE last_read_at IS NULL
    ) k ORDER BY t`,
  );
  await deliver(db, rows);
}
