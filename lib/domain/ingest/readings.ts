import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db/client";
import { readDay } from "@/db/queries/readings-sql";
import { list } from "@/db/queries/sql-format";
import type { readingSources } from "@/db/schema";
import type { FeedOutcome, RejectionCode } from "@/lib/ingest/outcome";
import { type DaySpan, refreshDailyUsage } from "./daily-usage";
import { ensureReadingPartitions } from "./partitions";

/** One register read as the meter service sends it, already parsed. */
export interface ReadInput {
  line: number;
  meterNumber: string;
  /** An ISO 8601 instant. */
  readAt: string;
  /** The register in the meter's unit, as decimal text so no digit is lost. */
  value: string;
  source: (typeof readingSources)[number];
}

type Verdict = "new" | "replace" | "duplicate" | RejectionCode;

const details: Partial<Record<RejectionCode, string>> = {
  unknown_meter: "No meter has this number.",
  meter_removed: "The meter was removed before this time.",
  before_install: "The meter was not installed yet at this time.",
  off_interval: "Smart meters read on the half hour; other meters at local midnight on the 1st.",
  in_future: "The read is later than now.",
  conflicting_read: "A different read is already held for this meter at this time.",
};

/**
 * Classifies every read of the batch and writes the good ones, in one statement. A read is
 * checked against the meter (known, installed, not removed, on its interval) and against its
 * neighbours in time, held or in the batch: the register never goes backwards. The same read
 * again is a duplicate; an actual read replaces an estimated or customer one at the same time.
 */
function classifyAndWrite(reads: ReadInput[]) {
  return sql`WITH input AS (
      SELECT t.line, t.meter_number, t.read_at, round(t.value, 3) AS value, t.source
      FROM unnest(${list(reads.map((r) => r.line))}::int[], ${list(reads.map((r) => r.meterNumber))}::text[],
                  ${list(reads.map((r) => r.readAt))}::timestamptz[], ${list(reads.map((r) => r.value))}::numeric[],
                  ${list(reads.map((r) => r.source))}::reading_source[]) AS t(line, meter_number, read_at, value, source)
    ),
    -- Each meter of the batch once, with its latest read: reads after it (the usual case, a
    -- meter sending what is new) need no further lookups.
    meter AS (
      SELECT me.id AS meter_id, me.meter_number, me.is_smart, e.timezone AS tz,
             me.install_date::timestamp AT TIME ZONE e.timezone AS installed_at,
             (me.removal_date + 1)::timestamp AT TIME ZONE e.timezone AS removed_at,
             last.read_at AS last_at, last.register_value AS last_value
      FROM (SELECT DISTINCT meter_number FROM input) n
      JOIN meters me ON me.meter_number = n.meter_number
      JOIN premises p ON p.id = me.premise_id
      JOIN escos e ON e.id = p.esco_id
      LEFT JOIN LATERAL (SELECT x.read_at, x.register_value FROM meter_readings x
        WHERE x.meter_id = me.id ORDER BY x.read_at DESC LIMIT 1) last ON true
    ),
    resolved AS (
      SELECT i.*, m.meter_id, m.is_smart, m.tz, m.installed_at, m.removed_at, m.last_at,
             x.register_value AS held_value, x.source AS held_source,
             row_number() OVER same_time AS nth,
             first_value(i.value) OVER same_time AS first_value,
             first_value(i.source) OVER same_time AS first_source
      FROM input i
      LEFT JOIN meter m ON m.meter_number = i.meter_number
      LEFT JOIN LATERAL (SELECT x.register_value, x.source FROM meter_readings x
        WHERE i.read_at <= m.last_at AND x.meter_id = m.meter_id AND x.read_at = i.read_at
        OFFSET 0) x ON true
      WINDOW same_time AS (PARTITION BY m.meter_id, i.read_at ORDER BY i.line)
    ),
    screened AS (
      SELECT r.*, CASE
          WHEN r.meter_id IS NULL THEN 'unknown_meter'
          WHEN r.read_at <= r.installed_at THEN 'before_install'
          WHEN r.removed_at IS NOT NULL AND r.read_at > r.removed_at THEN 'meter_removed'
          WHEN NOT CASE WHEN r.is_smart THEN date_bin(interval '30 minutes', r.read_at, timestamptz 'epoch') = r.read_at
                        ELSE date_trunc('month', r.read_at, r.tz) = r.read_at END THEN 'off_interval'
          WHEN r.read_at > portal_now() + interval '5 minutes' THEN 'in_future'
          WHEN r.nth > 1 AND r.value = r.first_value AND r.source = r.first_source THEN 'duplicate'
          WHEN r.nth > 1 THEN 'conflicting_read'
          WHEN r.held_value IS NULL THEN 'new'
          WHEN r.source = 'actual' AND r.held_source <> 'actual' THEN 'replace'
          WHEN r.value = r.held_value THEN 'duplicate'
          ELSE 'conflicting_read'
        END AS verdict
      FROM resolved r
    ),
    candidates AS (SELECT * FROM screened WHERE verdict IN ('new', 'replace')),
    span AS (
      SELECT c.meter_id, min(c.read_at) AS lo, max(c.read_at) AS hi, min(m.last_at) AS last_at,
             min(m.last_value) AS last_value
      FROM candidates c JOIN meter m ON m.meter_id = c.meter_id GROUP BY c.meter_id
    ),
    -- The held reads around and among the batch's: the one before, the one after, those between.
    neighbours AS (
      SELECT s.meter_id, s.last_at AS read_at, s.last_value AS value FROM span s WHERE s.lo > s.last_at
      UNION ALL
      SELECT s.meter_id, b.read_at, b.register_value FROM span s
      CROSS JOIN LATERAL (SELECT x.read_at, x.register_value FROM meter_readings x
        WHERE s.lo <= s.last_at AND x.meter_id = s.meter_id AND x.read_at < s.lo
        ORDER BY x.read_at DESC LIMIT 1) b
      UNION ALL
      SELECT s.meter_id, a.read_at, a.register_value FROM span s
      CROSS JOIN LATERAL (SELECT x.read_at, x.register_value FROM meter_readings x
        WHERE s.hi < s.last_at AND x.meter_id = s.meter_id AND x.read_at > s.hi
        ORDER BY x.read_at LIMIT 1) a
      UNION ALL
      SELECT s.meter_id, x.read_at, x.register_value FROM span s
      CROSS JOIN LATERAL (SELECT x.read_at, x.register_value FROM meter_readings x
        WHERE s.lo <= s.last_at AND x.meter_id = s.meter_id AND x.read_at BETWEEN s.lo AND s.hi
        OFFSET 0) x -- kept a parameterized index scan per meter, never a scan of every month
      WHERE NOT EXISTS (SELECT 1 FROM candidates c
                        WHERE c.meter_id = s.meter_id AND c.read_at = x.read_at)
    ),
    timeline AS (
      SELECT meter_id, read_at, value, NULL::int AS line, NULL::reading_source AS source,
             NULL::text AS verdict FROM neighbours
      UNION ALL
      SELECT meter_id, read_at, value, line, source, verdict FROM candidates
    ),
    -- A read must lie between the held reads around it, and must not be below an earlier read of
    -- the batch that itself fits: the batch is taken as if its reads arrived in time order.
    -- (Running aggregates shifted by lag and lead: a frame that excludes the current row would
    -- be recomputed for every row.)
    running AS (
      SELECT t.*,
        max(value) FILTER (WHERE line IS NULL) OVER (PARTITION BY meter_id ORDER BY read_at
          ROWS UNBOUNDED PRECEDING) AS held_max_to_here,
        min(value) FILTER (WHERE line IS NULL) OVER (PARTITION BY meter_id ORDER BY read_at DESC
          ROWS UNBOUNDED PRECEDING) AS held_min_from_here
      FROM timeline t
    ),
    bounded AS (
      SELECT r.*,
        lag(r.held_max_to_here) OVER w AS held_prev,
        lead(r.held_min_from_here) OVER w AS held_next
      FROM running r WINDOW w AS (PARTITION BY r.meter_id ORDER BY r.read_at)
    ),
    fitted AS (
      SELECT b.*, (b.held_prev IS NULL OR b.value >= b.held_prev)
                  AND (b.held_next IS NULL OR b.value <= b.held_next) AS fits
      FROM bounded b WHERE b.line IS NOT NULL
    ),
    checked AS (
      SELECT c.*, (c.fits AND (c.prev_value IS NULL OR c.value >= c.prev_value)) AS ok
      FROM (
        SELECT f.*, greatest(f.held_prev, lag(f.fit_max_to_here) OVER (
                 PARTITION BY f.meter_id ORDER BY f.read_at)) AS prev_value
        FROM (
          SELECT f.*, max(f.value) FILTER (WHERE f.fits) OVER (
                   PARTITION BY f.meter_id ORDER BY f.read_at ROWS UNBOUNDED PRECEDING) AS fit_max_to_here
          FROM fitted f
        ) f
      ) c
    ),
    -- A taken read's previous read is the highest register before it, held or taken: registers
    -- only rise. So its consumption is its register minus prev_value.
    accepted AS (SELECT * FROM checked WHERE ok),
    written AS (
      INSERT INTO meter_readings (meter_id, read_at, register_value, consumption, source)
      SELECT meter_id, read_at, value, value - prev_value, source FROM accepted
      ON CONFLICT (meter_id, read_at) DO UPDATE SET register_value = excluded.register_value,
        consumption = excluded.consumption, source = excluded.source
      RETURNING 1
    ),
    -- A held read after a taken one (a backfill, a replaced estimate) is restated.
    restated AS (
      UPDATE meter_readings x SET consumption = p.used
      FROM (
        SELECT meter_id, read_at, line,
               value - lag(max_to_here) OVER (PARTITION BY meter_id ORDER BY read_at) AS used
        FROM (
          SELECT meter_id, read_at, value, line,
                 max(value) OVER (PARTITION BY meter_id ORDER BY read_at ROWS UNBOUNDED PRECEDING) AS max_to_here
          FROM (SELECT meter_id, read_at, value, line FROM accepted
                UNION ALL SELECT meter_id, read_at, value, NULL FROM neighbours) t
        ) t
      ) p
      WHERE p.line IS NULL AND p.used IS NOT NULL AND x.meter_id = p.meter_id
        AND x.read_at = p.read_at AND x.consumption IS DISTINCT FROM p.used
    ),
    touched AS (
      SELECT g.meter_id, g.lo,
             greatest(g.hi, (SELECT max(n.read_at) FROM neighbours n
                             WHERE n.meter_id = g.meter_id AND n.read_at > g.hi)) AS hi
      FROM (SELECT meter_id, min(read_at) AS lo, max(read_at) AS hi FROM accepted GROUP BY meter_id) g
    )
    SELECT json_build_object(
      'written', (SELECT count(*) FROM written),
      'replaced', (SELECT count(*) FROM accepted WHERE verdict = 'replace'),
      'rejected', (SELECT coalesce(json_agg(o ORDER BY o.line), '[]'::json) FROM (
          SELECT line, verdict, NULL::numeric AS prev, NULL::numeric AS next FROM screened
          WHERE verdict NOT IN ('new', 'replace')
          UNION ALL
          SELECT line, 'register_backwards', prev_value, held_next FROM checked WHERE NOT ok
        ) o),
      'days', (SELECT coalesce(json_agg(json_build_object('meterId', t.meter_id,
          'firstDay', ${readDay(sql`t.lo`, sql`m.tz`)}, 'lastDay', ${readDay(sql`t.hi`, sql`m.tz`)})), '[]'::json)
        FROM touched t JOIN meter m ON m.meter_id = t.meter_id)
    ) AS result`;
}

function rejectionDetail(verdict: RejectionCode, prev: number | null, next: number | null) {
  if (verdict === "register_backwards") {
    return prev !== null && next !== null
      ? `The register must lie between the reads before (${prev}) and after (${next}) it.`
      : prev !== null
        ? `The register is below the read before it (${prev}).`
        : `The register is above the read after it (${next}).`;
  }
  return details[verdict] ?? verdict;
}

/**
 * Ingests one batch of reads atomically: all of its good reads, their consumption and their
 * days' rollups are written together, or none is.
 */
export async function applyReadingBatch(
  db: Pick<Database, "transaction">,
  reads: ReadInput[],
): Promise<Omit<FeedOutcome, "rejectedCount">> {
  const outcome: Omit<FeedOutcome, "rejectedCount"> = {
    accepted: 0,
    duplicates: 0,
    replaced: 0,
    rejected: [],
  };
  if (reads.length === 0) return outcome;
  const times = reads.map((r) => Date.parse(r.readAt));
  const from = new Date(Math.min(...times)).toISOString();
  const to = new Date(Math.max(...times)).toISOString();
  await db.transaction(async (tx) => {
    await ensureReadingPartitions(tx, from, to);
    const [row] = await queryRows<{
      result: {
        written: number;
        replaced: number;
        rejected: { line: number; verdict: Verdict; prev: number | null; next: number | null }[];
        days: DaySpan[];
      };
    }>(tx, classifyAndWrite(reads));
    const result = row?.result;
    if (!result) throw new Error("The reading batch returned nothing");
    await refreshDailyUsage(tx, result.days);

    for (const { line, verdict, prev, next } of result.rejected) {
      if (verdict === "duplicate") outcome.duplicates += 1;
      else if (verdict !== "new" && verdict !== "replace")
        outcome.rejected.push({
          line,
          code: verdict,
          detail: rejectionDetail(verdict, prev, next),
        });
    }
    outcome.replaced = result.replaced;
    outcome.accepted = result.written;
  });
  return outcome;
}
