import { type SQL, sql } from "drizzle-orm";
import type { ReadingGrouping, ReadingsWindow } from "@/lib/readings-request";
import { localToday } from "./sql-format";

/*
 * SQL fragments for meter readings in an ESCO's timezone. `tz` is always an SQL expression (the
 * ESCO's IANA zone), so DST rules come from the database's zone data, never from JS.
 */

export type BucketUnit = Exclude<ReadingGrouping, "none">;

/** `+01:00` / `-05:00`: the UTC offset in force in `tz` at instant `t`. */
function utcOffset(t: SQL, tz: SQL): SQL {
  const offset = sql`((${t} AT TIME ZONE ${tz}) - (${t} AT TIME ZONE 'UTC'))`;
  return sql`(CASE WHEN ${offset} < interval '0' THEN '-' ELSE '+' END
    || to_char(abs(extract(epoch FROM ${offset})) * interval '1 second', 'HH24:MI'))`;
}

/** Local ISO 8601 with the offset, which tells the two 01:30s of a fall-back night apart. */
export function localIso(t: SQL, tz: SQL): SQL {
  return sql`(to_char(${t} AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI:SS') || ${utcOffset(t, tz)})`;
}

/** A local date `YYYY-MM-DD`. */
export function localDate(t: SQL, tz: SQL): SQL {
  return sql`to_char(${t} AT TIME ZONE ${tz}, 'YYYY-MM-DD')`;
}

/**
 * The bucket a read belongs to. A read covers the period ending at it, so a read at local
 * midnight closes the previous day: truncate the instant just before it. `date_trunc` with a
 * zone keeps the UTC offset for hours, so the repeated 01:00 of a fall-back night is two hours.
 */
export function bucketOf(readAt: SQL, unit: BucketUnit, tz: SQL): SQL {
  return sql`date_trunc(${sql.raw(`'${unit}'`)}, ${readAt} - interval '1 microsecond', ${tz})`;
}

/** The end of the bucket starting at `start`: 23 or 25 hours for a day across a DST change. */
export function bucketEnd(start: SQL, unit: BucketUnit, tz: SQL): SQL {
  if (unit === "hour") return sql`(${start} + interval '1 hour')`;
  return sql`((${start} AT TIME ZONE ${tz}) + ${sql.raw(`interval '1 ${unit}'`)}) AT TIME ZONE ${tz}`;
}

const labelFormats: Record<Exclude<BucketUnit, "hour">, string> = {
  day: "YYYY-MM-DD",
  week: 'IYYY-"W"IW',
  month: "YYYY-MM",
};

/** `2026-03-08`, `2026-03-08T01:00-06:00`, `2026-W10`, `2026-03`: the local name of a bucket. */
export function bucketLabel(start: SQL, unit: BucketUnit, tz: SQL): SQL {
  if (unit === "hour") {
    return sql`(to_char(${start} AT TIME ZONE ${tz}, 'YYYY-MM-DD"T"HH24:MI') || ${utcOffset(start, tz)})`;
  }
  return sql`to_char(${start} AT TIME ZONE ${tz}, ${sql.raw(`'${labelFormats[unit]}'`)})`;
}

/*
 * Expected reads. Smart meters read on every half hour (UTC half hours are local half hours in
 * every zone whose offset is a multiple of 30 minutes), the others at local midnight on the
 * first of each month; reads are stamped with the end of the period they close, on those
 * times. Both are counted with a monotone index: the number of expected read times up to and
 * including `t`, so the reads expected in (a, b] are index(b) - index(a).
 * `m` is any row with the meter's `is_smart` and `tz`.
 */
export function expectedIndex(t: SQL, m = sql`w`): SQL {
  return sql`(CASE WHEN ${m}.is_smart THEN floor(extract(epoch FROM ${t}) / 1800)
    ELSE extract(year FROM ${t} AT TIME ZONE ${m}.tz) * 12 + extract(month FROM ${t} AT TIME ZONE ${m}.tz) END)`;
}

/** The last expected read time at or before `t`. */
export function lastExpectedAt(t: SQL, m = sql`w`): SQL {
  return sql`(CASE WHEN ${m}.is_smart THEN date_bin(interval '30 minutes', ${t}, timestamptz 'epoch')
    ELSE date_trunc('month', ${t}, ${m}.tz) END)`;
}

/**
 * `expected_from` and `expected_until`: the instants a meter's service life starts and ends (its
 * install date's and the day after its removal date's local midnights), for expectedBetween.
 */
export function serviceLife(meter: SQL, tz: SQL): SQL {
  return sql`${meter}.install_date::timestamp AT TIME ZONE ${tz} AS expected_from,
    (${meter}.removal_date + 1)::timestamp AT TIME ZONE ${tz} AS expected_until`;
}

/** The local day a read counts on: a read at local midnight closes the day before. */
export function readDay(readAt: SQL, tz: SQL): SQL {
  return sql`((${readAt} AT TIME ZONE ${tz}) - interval '1 microsecond')::date`;
}

/** A local day's first instant, its midnight in `tz`. */
export function dayStart(day: SQL, tz: SQL): SQL {
  return sql`(${day})::timestamp AT TIME ZONE ${tz}`;
}

/** Reads expected in (a, b], within the meter's service life. */
export function expectedBetween(a: SQL, b: SQL, m = sql`w`): SQL {
  const from = sql`greatest(${a}, ${m}.expected_from)`;
  const to = sql`least(${b}, ${m}.expected_until)`;
  return sql`greatest(${expectedIndex(to, m)} - ${expectedIndex(from, m)}, 0)::int`;
}

/**
 * The window's bounds as instants. Dates are local midnights; without bounds the window ends at
 * the end of today (local) and reaches back 7 days for reads and hours, 30 for days, the current
 * and 25 earlier weeks, or the current and 12 earlier months, so the first bucket is whole.
 */
export function windowSql(
  window: ReadingsWindow,
  groupBy: ReadingGrouping,
  tz: SQL,
): { from: SQL; to: SQL } {
  if (window.kind === "date") {
    return {
      from: sql`(${window.from}::date)::timestamp AT TIME ZONE ${tz}`,
      to: sql`(${window.to}::date)::timestamp AT TIME ZONE ${tz}`,
    };
  }
  if (window.kind === "instant") {
    return { from: sql`${window.from}::timestamptz`, to: sql`${window.to}::timestamptz` };
  }
  const today = localToday(tz);
  const start = {
    none: sql`(${today} - 6)::timestamp`,
    hour: sql`(${today} - 6)::timestamp`,
    day: sql`(${today} - 29)::timestamp`,
    week: sql`date_trunc('week', ${today}::timestamp) - interval '25 weeks'`,
    month: sql`date_trunc('month', ${today}::timestamp) - interval '12 months'`,
  }[groupBy];
  return {
    from: sql`(${start}) AT TIME ZONE ${tz}`,
    to: sql`(${today} + 1)::timestamp AT TIME ZONE ${tz}`,
  };
}
