import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { dayStart, expectedBetween, readDay, serviceLife } from "@/db/queries/readings-sql";
import { list } from "@/db/queries/sql-format";
import { addDays } from "@/lib/calendar";

/** A meter and the local days of it whose reads changed, inclusive. */
export interface DaySpan {
  meterId: string;
  firstDay: string;
  lastDay: string;
}

/**
 * UTC instants that enclose every span's local days in any timezone (offsets stay within a day),
 * given to the planner as constants so that only the months they cover are opened.
 */
function spanBounds(spans: DaySpan[]): { from: string; to: string } {
  let first = spans[0]?.firstDay ?? "";
  let last = spans[0]?.lastDay ?? "";
  for (const span of spans) {
    if (span.firstDay < first) first = span.firstDay;
    if (span.lastDay > last) last = span.lastDay;
  }
  return { from: `${addDays(first, -1)}T00:00:00Z`, to: `${addDays(last, 2)}T00:00:00Z` };
}

/**
 * The one rule for a meter's daily rollup: recomputes the days of `spans` from the raw reads and
 * upserts them. Each meter's reads are taken through its own index range, never by a join over
 * the whole table, whatever the statistics say (a fenced lateral subquery). Ingestion calls it in each batch's transaction for the days the batch touched;
 * the rebuild runs it over every meter's whole history. Both therefore agree by construction,
 * and a test checks that they do.
 */
export async function refreshDailyUsage(tx: Executor, spans: DaySpan[]): Promise<number> {
  if (spans.length === 0) return 0;
  const m = sql`m`;
  const bounds = spanBounds(spans);
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`WITH span AS (
        SELECT s.meter_id, s.first_day, s.last_day, me.is_smart, e.timezone AS tz,
               ${serviceLife(sql`me`, sql`e.timezone`)}
        FROM unnest(${list(spans.map((s) => s.meterId))}::uuid[], ${list(spans.map((s) => s.firstDay))}::date[],
                    ${list(spans.map((s) => s.lastDay))}::date[]) AS s(meter_id, first_day, last_day)
        JOIN meters me ON me.id = s.meter_id
        JOIN premises p ON p.id = me.premise_id
        JOIN escos e ON e.id = p.esco_id
      ),
      reads AS (
        SELECT m.meter_id, ${readDay(sql`r.read_at`, sql`m.tz`)} AS day, r.read_at, r.consumption, r.source,
               coalesce(lag(r.read_at) OVER (PARTITION BY m.meter_id ORDER BY r.read_at), before.read_at) AS prev_at
        FROM span m
        LEFT JOIN LATERAL (
          SELECT b.read_at FROM meter_readings b
          WHERE b.meter_id = m.meter_id AND b.read_at <= ${dayStart(sql`m.first_day`, sql`m.tz`)}
          ORDER BY b.read_at DESC LIMIT 1
        ) before ON true
        CROSS JOIN LATERAL (
          SELECT r.read_at, r.consumption, r.source FROM meter_readings r
          WHERE r.meter_id = m.meter_id
            AND r.read_at > ${dayStart(sql`m.first_day`, sql`m.tz`)}
            AND r.read_at <= ${dayStart(sql`m.last_day + 1`, sql`m.tz`)}
            AND r.read_at > ${bounds.from}::timestamptz AND r.read_at <= ${bounds.to}::timestamptz
          OFFSET 0
        ) r
      ),
      days AS (
        SELECT r.meter_id, r.day, sum(r.consumption) AS consumption, count(*)::int AS reads,
               count(*) FILTER (WHERE r.source = 'actual')::int AS actual_reads,
               count(*) FILTER (WHERE r.source = 'estimated')::int AS estimated_reads,
               count(*) FILTER (WHERE r.source = 'customer')::int AS customer_reads,
               min(r.read_at) AS first_read_at, max(r.read_at) AS last_read_at,
               min(r.prev_at) AS previous_read_at
        FROM reads r GROUP BY r.meter_id, r.day
      ),
      upserted AS (
        INSERT INTO meter_daily_usage (meter_id, day, consumption, reads, expected_reads, actual_reads,
          estimated_reads, customer_reads, first_read_at, last_read_at, previous_read_at)
        SELECT d.meter_id, d.day, d.consumption, d.reads,
               ${expectedBetween(dayStart(sql`d.day`, sql`m.tz`), dayStart(sql`d.day + 1`, sql`m.tz`), m)},
               d.actual_reads, d.estimated_reads, d.customer_reads, d.first_read_at, d.last_read_at,
               d.previous_read_at
        FROM days d JOIN span m ON m.meter_id = d.meter_id
        ON CONFLICT (meter_id, day) DO UPDATE SET
          consumption = excluded.consumption, reads = excluded.reads,
          expected_reads = excluded.expected_reads, actual_reads = excluded.actual_reads,
          estimated_reads = excluded.estimated_reads, customer_reads = excluded.customer_reads,
          first_read_at = excluded.first_read_at, last_read_at = excluded.last_read_at,
          previous_read_at = excluded.previous_read_at
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM upserted`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Rebuilds every meter's rollup from the raw reads, a meter at a time so that no transaction
 * holds more than one meter's history: the rollups are exactly what the reads say afterwards.
 */
export async function rebuildDailyUsage(
  db: Executor & { transaction: <T>(fn: (tx: Executor) => Promise<T>) => Promise<T> },
  options: { meterIds?: string[] } = {},
): Promise<{ meters: number; days: number }> {
  const spans = await queryRows<{ meter_id: string; first_day: string; last_day: string }>(
    db,
    sql`SELECT me.id AS meter_id,
               to_char(${readDay(sql`min(r.read_at)`, sql`e.timezone`)}, 'YYYY-MM-DD') AS first_day,
               to_char(${readDay(sql`max(r.read_at)`, sql`e.timezone`)}, 'YYYY-MM-DD') AS last_day
        FROM meters me
        JOIN premises p ON p.id = me.premise_id
        JOIN escos e ON e.id = p.esco_id
        JOIN meter_readings r ON r.meter_id = me.id
        ${options.meterIds ? sql`WHERE me.id = ANY(${list(options.meterIds)}::uuid[])` : sql``}
        GROUP BY me.id, e.timezone`,
  );
  let days = 0;
  for (const span of spans) {
    days += await db.transaction(async (tx) => {
      await tx.execute(sql`DELETE FROM meter_daily_usage WHERE meter_id = ${span.meter_id}::uuid`);
      return refreshDailyUsage(tx, [
        { meterId: span.meter_id, firstDay: span.first_day, lastDay: span.last_day },
      ]);
    });
  }
  return { meters: spans.length, days };
}
