import { type SQL, sql } from "drizzle-orm";

/** A date column as `YYYY-MM-DD`, whatever the session's DateStyle. */
export function isoDate(expr: SQL): SQL {
  return sql`to_char(${expr}, 'YYYY-MM-DD')`;
}

/** An instant as ISO 8601 in UTC, `2025-01-10T06:30:00Z`. */
export function isoInstant(expr: SQL): SQL {
  return sql`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
}

/** Money rounded to the currency's minor unit in SQL numeric; JSON renders it as a number. */
export function money(expr: SQL, minorUnit: SQL): SQL {
  return sql`round(${expr}, ${minorUnit})`;
}

/** Consumption rounded to the register's precision. */
export function quantity(expr: SQL): SQL {
  return sql`round(${expr}, 3)`;
}

/** An instant with microseconds, for keyset cursors that must match rows exactly. */
export function isoInstantPrecise(expr: SQL): SQL {
  return sql`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * Now by the portal's clock (lib/clock.ts), in SQL: `portal_now()` is the instant the clock is
 * pinned to on this connection, or `now()`.
 */
export const portalNow = sql`portal_now()`;

/** Today's local date in the timezone `tz` (an SQL expression), by the portal's clock. */
export function localToday(tz: SQL): SQL {
  return sql`(portal_now() AT TIME ZONE ${tz})::date`;
}

const arrayElement = (value: string | number | null) =>
  value === null ? "NULL" : `"${String(value).replace(/["\\]/g, "\\$&")}"`;

/**
 * A whole array as one bound parameter, written as Postgres's array literal so that both
 * drivers send it alike; cast it in SQL (`${list(ids)}::uuid[]`). One parameter, whatever the
 * length, where a spread list would hit the protocol's limit of 65,535.
 */
export function list(values: readonly (string | number | null)[]): SQL {
  return sql`${`{${values.map(arrayElement).join(",")}}`}`;
}
