import { type SQL, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import type { ReadingsPosition, ReadingsRequest } from "@/lib/readings-request";
import { getReadDb, queryRows } from "../client";
import type { MeterType, readingSources } from "../schema/meters";
import { tariffRanges } from "./meter-tariff";
import { bucketCostFields, costedPage, pageSummary, tariffCte, unitRateOn } from "./readings-cost";
import {
  type BucketUnit,
  bucketEnd,
  bucketLabel,
  bucketOf,
  expectedBetween,
  expectedIndex,
  lastExpectedAt,
  localDate,
  localIso,
  readDay,
  serviceLife,
  windowSql,
} from "./readings-sql";
import { accountLinks } from "./scope";
import { isoInstant, isoInstantPrecise, quantity } from "./sql-format";

type ReadingSource = (typeof readingSources)[number];

export interface MeterReadingItem {
  readAt: string;
  localTime: string;
  register: number;
  consumption: number | null;
  source: ReadingSource;
}

export interface ReadingBucketItem {
  start: string;
  end: string;
  label: string;
  consumption: number | null;
  reads: number;
  expectedReads: number;
  complete: boolean;
  sources: Record<ReadingSource, number>;
  /** Money in the ESCO's currency, rounded to its minor unit; null where no tariff prices it. */
  energyCost: number | null;
  standingCharge: number | null;
  cost: number | null;
}

export interface ReadingsSummary {
  consumption: number;
  energyCost: number | null;
  standingCharge: number | null;
  cost: number | null;
}

export interface ReadingGapItem {
  from: string;
  to: string;
  missingReads: number;
}

export interface ReadingsBody {
  meterId: string;
  meterNumber: string;
  type: MeterType;
  unit: string;
  isSmart: boolean;
  timezone: string;
  readInterval: "PT30M" | "P1M";
  from: string;
  to: string;
  groupBy: ReadingsRequest["groupBy"];
  order: ReadingsRequest["order"];
  dataAvailableUntil: string | null;
  currency: string;
  /** Whether a tariff prices this meter's use. */
  priced: boolean;
  readings?: MeterReadingItem[];
  buckets?: ReadingBucketItem[];
  /** The totals of this page's buckets. */
  summary?: ReadingsSummary;
  gaps: ReadingGapItem[];
}

export interface ReadingsPage {
  body: ReadingsBody;
  /** Where the next page starts, with the window pinned; null on the last page. */
  next: ReadingsPosition | null;
  /** The window's bounds as local dates, to name a download. */
  localDates: { from: string; to: string };
}

const MICROSECOND = sql`interval '1 microsecond'`;

/**
 * Each mode yields `page` (the rows sent), `span` (lo, hi: the part of the window this page
 * answers for, and next_at) and `span_reads` (each read in (lo, hi] with the one before it).
 * `lastRead` is the latest read in the span, found from the page's few rows.
 */
interface ModeSql {
  ctes: SQL;
  items: SQL;
  lastRead: SQL;
}

function rawMode(meterId: string, request: ReadingsRequest): ModeSql {
  const { order, limit, after } = request;
  const desc = order === "desc";
  const dir = sql.raw(desc ? "DESC" : "ASC");
  const keyset = after
    ? sql`AND r.read_at ${sql.raw(desc ? "<" : ">")} ${after}::timestamptz`
    : sql``;
  const more = sql`(SELECT count(*) > ${limit} FROM fetched)`;
  const lastSent = sql`(SELECT ${sql.raw(desc ? "min" : "max")}(read_at) FROM page)`;
  // A cursor names a read already sent, so the span starts (asc) or ends (desc) just past it;
  // with more to come, it ends (asc) or starts (desc) at the last read sent.
  const cursor = sql`${after ?? null}::timestamptz`;
  const lo = desc
    ? sql`CASE WHEN ${more} THEN ${lastSent} ELSE w.w_from END`
    : sql`greatest(w.w_from, ${cursor})`;
  const hi = desc
    ? sql`least(w.w_to, ${cursor} - ${MICROSECOND})`
    : sql`CASE WHEN ${more} THEN ${lastSent} ELSE w.w_to END`;
  return {
    ctes: sql`
    fetched AS (
      SELECT r.read_at, r.register_value, r.consumption, r.source
      FROM w JOIN meter_readings r ON r.meter_id = ${meterId}::uuid
        AND r.read_at > w.w_from AND r.read_at <= w.w_to ${keyset}
      ORDER BY r.read_at ${dir} LIMIT ${limit + 1}
    ),
    page AS (SELECT * FROM fetched ORDER BY read_at ${dir} LIMIT ${limit}),
    span AS (
      SELECT ${lo} AS lo, ${hi} AS hi, CASE WHEN ${more} THEN ${lastSent} END AS next_at
      FROM w
    ),
    span_reads AS (SELECT read_at, lag(read_at) OVER (ORDER BY read_at) AS prev_at FROM page)`,
    items: sql`'readings', (SELECT coalesce(json_agg(json_build_object(
        'readAt', ${isoInstant(sql`p.read_at`)}, 'localTime', ${localIso(sql`p.read_at`, sql`w.tz`)},
        'register', ${quantity(sql`p.register_value`)}, 'consumption', ${quantity(sql`p.consumption`)},
        'source', p.source
      ) ORDER BY p.read_at ${dir}), '[]'::json) FROM page p)`,
    lastRead: sql`(SELECT max(read_at) FROM page)`,
  };
}

function groupedMode(meterId: string, request: ReadingsRequest, unit: BucketUnit): ModeSql {
  const { order, limit, after } = request;
  const desc = order === "desc";
  const dir = sql.raw(desc ? "DESC" : "ASC");
  const tz = sql`w.tz`;
  // Keyset on the bucket start: later buckets hold the reads after the cursor bucket's end,
  // earlier ones the reads at or before its start, so the index bounds the scan either way.
  // The scan runs to the window's far end: buckets exist only where reads do, so `limit`
  // buckets may lie any distance away (at most 400 days, about 19,000 half-hourly reads).
  const scanLo =
    !desc && after
      ? sql`greatest(w.w_from, ${bucketEnd(sql`${after}::timestamptz`, unit, tz)})`
      : sql`w.w_from`;
  const scanHi = desc && after ? sql`least(w.w_to, ${after}::timestamptz)` : sql`w.w_to`;
  const more = sql`(SELECT count(*) > ${limit} FROM grouped)`;
  const lastSent = sql`(SELECT ${sql.raw(desc ? "min" : "max")}(bucket) FROM page)`;
  const lo = desc
    ? sql`CASE WHEN ${more} THEN greatest(w.w_from, ${lastSent}) ELSE w.w_from END`
    : sql`b.scan_lo`;
  const hi = desc
    ? sql`b.scan_hi`
    : sql`CASE WHEN ${more} THEN least(w.w_to, ${bucketEnd(lastSent, unit, tz)}) ELSE w.w_to END`;
  const start = sql`greatest(p.bucket, w.w_from)`;
  const end = sql`least(${bucketEnd(sql`p.bucket`, unit, tz)}, w.w_to)`;
  const expected = expectedBetween(start, end);
  return {
    ctes: sql`
    bounds AS (SELECT ${scanLo} AS scan_lo, ${scanHi} AS scan_hi FROM w),
    edge AS (
      SELECT b.*, (SELECT r.read_at FROM meter_readings r
                   WHERE r.meter_id = ${meterId}::uuid AND r.read_at <= b.scan_lo
                   ORDER BY r.read_at DESC LIMIT 1) AS before_at
      FROM bounds b
    ),
    scan AS (
      SELECT r.read_at, r.consumption, r.source, ${bucketOf(sql`r.read_at`, unit, tz)} AS bucket,
             coalesce(lag(r.read_at) OVER (ORDER BY r.read_at), b.before_at) AS prev_at,
             ${unitRateOn(readDay(sql`r.read_at`, tz))} AS rate
      FROM w CROSS JOIN edge b
      JOIN meter_readings r ON r.meter_id = ${meterId}::uuid
        AND r.read_at > b.scan_lo AND r.read_at <= b.scan_hi
    ),
    grouped AS (
      SELECT bucket, count(*)::int AS n, sum(consumption) AS c, max(read_at) AS last_read,
             min(prev_at) AS covered_from, bool_and(prev_at IS NOT NULL) AS known,
             sum(consumption * rate) AS energy, bool_and(rate IS NOT NULL) AS priced,
             count(*) FILTER (WHERE source = 'actual')::int AS actual,
             count(*) FILTER (WHERE source = 'estimated')::int AS estimated,
             count(*) FILTER (WHERE source = 'customer')::int AS customer
      FROM scan GROUP BY bucket ORDER BY bucket ${dir} LIMIT ${limit + 1}
    ),
    page AS (SELECT * FROM grouped ORDER BY bucket ${dir} LIMIT ${limit}),
    ${costedPage(start, end)},
    span AS (
      SELECT ${lo} AS lo, ${hi} AS hi, CASE WHEN ${more} THEN ${lastSent} END AS next_at
      FROM w CROSS JOIN edge b
    ),
    span_reads AS (
      SELECT s.read_at, s.prev_at FROM scan s, span WHERE s.read_at > span.lo AND s.read_at <= span.hi
    )`,
    items: bucketItems(unit, dir, start, end, expected),
    lastRead: sql`(SELECT max(last_read) FROM page)`,
  };
}

/** The bucket of a rollup day: its own midnight, or its week's or month's first. */
function bucketOfDay(day: SQL, unit: Exclude<BucketUnit, "hour">, tz: SQL): SQL {
  const local =
    unit === "day"
      ? sql`${day}::timestamp`
      : sql`date_trunc(${sql.raw(`'${unit}'`)}, ${day}::timestamp)`;
  return sql`(${local} AT TIME ZONE ${tz})`;
}

/**
 * Day, week and month buckets from the daily rollups instead of the raw reads: the same page,
 * the same figures. Only days with a gap inside them are looked up in the raw reads, to place
 * the gap exactly; gaps between days are known from each day's first read and the one before.
 * The window must start and end at local midnights (dates, or the default window).
 */
function rollupMode(
  meterId: string,
  request: ReadingsRequest,
  unit: Exclude<BucketUnit, "hour">,
): ModeSql {
  const { order, limit, after } = request;
  const desc = order === "desc";
  const dir = sql.raw(desc ? "DESC" : "ASC");
  const tz = sql`w.tz`;
  const scanLo =
    !desc && after
      ? sql`greatest(w.w_from, ${bucketEnd(sql`${after}::timestamptz`, unit, tz)})`
      : sql`w.w_from`;
  const scanHi = desc && after ? sql`least(w.w_to, ${after}::timestamptz)` : sql`w.w_to`;
  const more = sql`(SELECT count(*) > ${limit} FROM grouped)`;
  const lastSent = sql`(SELECT ${sql.raw(desc ? "min" : "max")}(bucket) FROM page)`;
  const lo = desc
    ? sql`CASE WHEN ${more} THEN greatest(w.w_from, ${lastSent}) ELSE w.w_from END`
    : sql`b.scan_lo`;
  const hi = desc
    ? sql`b.scan_hi`
    : sql`CASE WHEN ${more} THEN least(w.w_to, ${bucketEnd(lastSent, unit, tz)}) ELSE w.w_to END`;
  const start = sql`greatest(p.bucket, w.w_from)`;
  const end = sql`least(${bucketEnd(sql`p.bucket`, unit, tz)}, w.w_to)`;
  const expected = expectedBetween(start, end);
  const internalGap = sql`d.reads < ${expectedIndex(sql`d.last_read_at`)} - ${expectedIndex(sql`d.first_read_at`)} + 1`;
  return {
    ctes: sql`
    bounds AS (SELECT ${scanLo} AS scan_lo, ${scanHi} AS scan_hi FROM w),
    days AS (
      SELECT d.*, ${bucketOfDay(sql`d.day`, unit, tz)} AS bucket, ${unitRateOn(sql`d.day`)} AS rate
      FROM w CROSS JOIN bounds b
      JOIN meter_daily_usage d ON d.meter_id = ${meterId}::uuid
        AND d.day >= (b.scan_lo AT TIME ZONE w.tz)::date AND d.day < (b.scan_hi AT TIME ZONE w.tz)::date
    ),
    grouped AS (
      SELECT bucket, sum(reads)::int AS n, sum(consumption) AS c, max(last_read_at) AS last_read,
             min(previous_read_at) AS covered_from, bool_and(previous_read_at IS NOT NULL) AS known,
             sum(consumption * rate) AS energy, bool_and(rate IS NOT NULL) AS priced,
             sum(actual_reads)::int AS actual, sum(estimated_reads)::int AS estimated,
             sum(customer_reads)::int AS customer
      FROM days GROUP BY bucket ORDER BY bucket ${dir} LIMIT ${limit + 1}
    ),
    page AS (SELECT * FROM grouped ORDER BY bucket ${dir} LIMIT ${limit}),
    ${costedPage(start, end)},
    span AS (
      SELECT ${lo} AS lo, ${hi} AS hi, CASE WHEN ${more} THEN ${lastSent} END AS next_at
      FROM w CROSS JOIN bounds b
    ),
    span_days AS (
      SELECT d.* FROM days d, span WHERE d.first_read_at > span.lo AND d.last_read_at <= span.hi
    ),
    span_reads AS (
      SELECT d.first_read_at AS read_at, d.previous_read_at AS prev_at FROM span_days d
      UNION ALL
      SELECT r.read_at, r.prev_at FROM span_days d CROSS JOIN w
      CROSS JOIN LATERAL (
        SELECT x.read_at, lag(x.read_at) OVER (ORDER BY x.read_at) AS prev_at FROM meter_readings x
        WHERE x.meter_id = ${meterId}::uuid AND x.read_at >= d.first_read_at AND x.read_at <= d.last_read_at
        OFFSET 0
      ) r
      WHERE ${internalGap} AND r.prev_at IS NOT NULL
    )`,
    items: bucketItems(unit, dir, start, end, expected),
    lastRead: sql`(SELECT max(last_read) FROM page)`,
  };
}

/**
 * The page's buckets. Complete: every expected read is there and the reads' consumption covers
 * exactly the bucket; a read after a gap also carries use from before the bucket, so it is not.
 */
function bucketItems(unit: BucketUnit, dir: SQL, start: SQL, end: SQL, expected: SQL): SQL {
  const tz = sql`w.tz`;
  return sql`'buckets', (SELECT coalesce(json_agg(json_build_object(
      'start', ${isoInstant(start)}, 'end', ${isoInstant(end)},
      'label', ${bucketLabel(sql`p.bucket`, unit, tz)},
      'consumption', ${quantity(sql`p.c`)}, 'reads', p.n, 'expectedReads', ${expected},
      'complete', p.known AND p.covered_from = ${start} AND p.last_read = ${end} AND p.n >= ${expected},
      'sources', json_build_object('actual', p.actual, 'estimated', p.estimated, 'customer', p.customer),
      ${bucketCostFields}
    ) ORDER BY p.bucket ${dir}), '[]'::json) FROM costed p),
    'summary', ${pageSummary}`;
}

/**
 * Gaps in (lo, hi]: runs of expected read times with no read, between consecutive reads and at
 * the span's edges. The right edge stops at the meter's latest read: what has not arrived yet
 * is "not yet available", not missing. A run exists where the last expected time before a read
 * is later than the read before it, a cheap test; only those runs are counted.
 */
function gapsJson(order: ReadingsRequest["order"], lastRead: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(json_build_object(
      'from', ${isoInstant(sql`g.gap_from`)}, 'to', ${isoInstant(lastExpectedAt(sql`g.gap_to`))},
      'missingReads', (${expectedIndex(sql`g.gap_to`)} - ${expectedIndex(sql`g.gap_from`)})::int
    ) ORDER BY g.gap_from ${sql.raw(order === "desc" ? "DESC" : "ASC")}), '[]'::json)
    FROM (
      SELECT greatest(r.prev_at, span.lo, w.expected_from) AS gap_from,
             least(r.read_at - ${MICROSECOND}, w.expected_until) AS gap_to
      FROM span_reads r
      UNION ALL
      SELECT greatest(coalesce(${lastRead}, span.lo), w.expected_from),
             least(span.hi, w.last_at, w.expected_until)
      WHERE w.last_at > span.lo
    ) g
    WHERE ${lastExpectedAt(sql`g.gap_to`)} > g.gap_from)`;
}

interface ReadingsArgs {
  principal: CustomerPrincipal;
  meterId: string;
  request: ReadingsRequest;
  /**
   * Where day, week and month buckets come from: the daily rollups, unless the window has
   * date-time bounds (which may cut a day), or the raw reads are asked for (tests compare both).
   */
  source?: "rollups" | "raw";
}

function modeFor(meterId: string, request: ReadingsRequest, source: "rollups" | "raw"): ModeSql {
  const { groupBy } = request;
  if (groupBy === "none") return rawMode(meterId, request);
  if (groupBy === "hour" || source === "raw" || request.window.kind === "instant")
    return groupedMode(meterId, request, groupBy);
  return rollupMode(meterId, request, groupBy);
}

/** The meter with its ESCO's timezone and service life, if the principal may see its usage. */
function visibleMeter(principal: CustomerPrincipal, meterId: string): SQL {
  return sql`SELECT m.id, m.meter_number, m.type, m.unit, m.is_smart, e.timezone AS tz,
             p.account_id, p.esco_id, e.currency, e.currency_minor_unit AS minor_unit,
             ${serviceLife(sql`m`, sql`e.timezone`)}, m.xmin::text || '.' || e.xmin::text AS row_version
      FROM (${accountLinks(principal, "usage")}) l
      JOIN premises p ON p.account_id = l.account_id
      JOIN escos e ON e.id = p.esco_id
      JOIN meters m ON m.premise_id = p.id
      WHERE m.id = ${meterId}::uuid
      LIMIT 1`;
}

/**
 * The statement behind one page of a meter's readings, raw or bucketed, with its gaps. Every
 * read is found through the (meter_id, read_at) key. No row when the principal may not see the
 * meter's usage.
 */
export function readingsStatement({
  principal,
  meterId,
  request,
  source = "rollups",
}: ReadingsArgs): SQL {
  const window = windowSql(request.window, request.groupBy, sql`meter.tz`);
  const mode = modeFor(meterId, request, source);
  return sql`WITH meter AS (${visibleMeter(principal, meterId)}),
    w AS (
      SELECT meter.*, ${window.from} AS w_from, ${window.to} AS w_to,
             (SELECT r.read_at FROM meter_readings r WHERE r.meter_id = ${meterId}::uuid
              ORDER BY r.read_at DESC LIMIT 1) AS last_at
      FROM meter
    ),
    ${tariffCte},
    ${mode.ctes}
    SELECT json_build_object(
        'meterId', w.id, 'meterNumber', w.meter_number, 'type', w.type, 'unit', w.unit,
        'isSmart', w.is_smart, 'timezone', w.tz,
        'currency', w.currency, 'priced', EXISTS (SELECT 1 FROM tariff),
        'readInterval', CASE WHEN w.is_smart THEN 'PT30M' ELSE 'P1M' END,
        'from', ${isoInstant(sql`w.w_from`)}, 'to', ${isoInstant(sql`w.w_to`)},
        'groupBy', ${request.groupBy}::text, 'order', ${request.order}::text,
        'dataAvailableUntil', ${isoInstant(sql`w.last_at`)},
        ${mode.items},
        'gaps', ${gapsJson(request.order, mode.lastRead)}
      ) AS body,
      ${isoInstantPrecise(sql`span.next_at`)} AS next_at,
      ${isoInstantPrecise(sql`w.w_from`)} AS window_from,
      ${isoInstantPrecise(sql`w.w_to`)} AS window_to,
      ${localDate(sql`w.w_from`, sql`w.tz`)} AS local_from,
      ${localDate(sql`w.w_to`, sql`w.tz`)} AS local_to
    FROM w CROSS JOIN span`;
}

/**
 * Pages of whole local days from the rollups, kept by what they were built from. A past year by
 * day costs a few milliseconds of the database's time to build and never changes until reads for
 * its days arrive; the key carries the version of everything the page is made of (the meter and
 * ESCO rows, every rollup row of the window by its row version, the latest read, the tariff
 * periods that price it), read in one
 * small statement that also checks the principal's right to see the meter. Any change to them
 * makes a new key, on every instance of the portal.
 */
const pages = new LRUCache<string, { page: ReadingsPage; size: number }>({
  maxSize: Number(process.env.READINGS_CACHE_BYTES ?? 64 * 1024 * 1024),
  sizeCalculation: (entry) => entry.size,
});

function cacheable(args: ReadingsArgs): args is ReadingsArgs & {
  request: ReadingsRequest & { window: { kind: "date"; from: string; to: string } };
} {
  const { request, source = "rollups" } = args;
  return (
    source === "rollups" &&
    request.window.kind === "date" &&
    (request.groupBy === "day" || request.groupBy === "week" || request.groupBy === "month")
  );
}

async function pageVersion(
  principal: CustomerPrincipal,
  meterId: string,
  window: { from: string; to: string },
): Promise<string> {
  const [row] = await queryRows<{ version: string }>(
    getReadDb(),
    sql`WITH meter AS (${visibleMeter(principal, meterId)})
      SELECT meter.row_version
        || ':' || coalesce((SELECT md5(string_agg(d.xmin::text, ',' ORDER BY d.day)) FROM meter_daily_usage d
              WHERE d.meter_id = ${meterId}::uuid
                AND d.day >= ${window.from}::date - 1 AND d.day <= ${window.to}::date + 1), '')
        || ':' || coalesce((SELECT r.read_at::text FROM meter_readings r WHERE r.meter_id = ${meterId}::uuid
              ORDER BY r.read_at DESC LIMIT 1), '')
        || ':' || coalesce((SELECT md5(json_agg(t ORDER BY t.period_start)::text) FROM (${tariffRanges(
          {
            accountId: sql`meter.account_id`,
            escoId: sql`meter.esco_id`,
            meterType: sql`meter.type`,
          },
        )}) t), '') AS version
      FROM meter`,
  );
  if (!row) throw notFound("meter");
  return row.version;
}

/** One page of readings in one statement; 404 like a missing meter for anyone without usage rights. */
export async function readReadingsPage(args: ReadingsArgs): Promise<ReadingsPage> {
  if (!cacheable(args)) return buildReadingsPage(args);
  const version = await pageVersion(args.principal, args.meterId, args.request.window);
  const key = `${args.meterId}|${version}|${JSON.stringify(args.request)}`;
  const cached = pages.get(key);
  if (cached) return cached.page;
  const page = await buildReadingsPage(args);
  pages.set(key, { page, size: JSON.stringify(page).length * 2 });
  return page;
}

async function buildReadingsPage(args: ReadingsArgs): Promise<ReadingsPage> {
  const [row] = await queryRows<{
    body: ReadingsBody;
    next_at: string | null;
    window_from: string;
    window_to: string;
    local_from: string;
    local_to: string;
  }>(getReadDb(), readingsStatement(args));
  if (!row) throw notFound("meter");
  return {
    body: row.body,
    next: row.next_at ? { after: row.next_at, from: row.window_from, to: row.window_to } : null,
    localDates: { from: row.local_from, to: row.local_to },
  };
}
