import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import type { FeedMeter } from "@/lib/greenbutton/feed";
import type { ReadingsWindow } from "@/lib/readings-request";
import { getReadDb, queryRows } from "../client";
import { tariffRanges } from "./meter-tariff";
import { dayStart, localDate, readDay, windowSql } from "./readings-sql";
import { accountLinks, canOnAccount } from "./scope";
import { isoInstant, portalNow } from "./sql-format";

/** What a Green Button feed is made of: the account, the window, and per meter its reads and bills. */
export interface GreenButtonData {
  accountId: string;
  accountNumber: string;
  generatedAt: string;
  /** The window's bounds as local dates, to name the download. */
  from: string;
  to: string;
  meters: FeedMeter[];
}

type Scope = { meterId: string } | { accountId: string };

const epoch = (t: SQL) => sql`extract(epoch FROM ${t})::bigint`;
const seconds = (from: SQL, to: SQL) => sql`extract(epoch FROM ${to} - ${from})::bigint`;

/**
 * The meters of the feed, with the usage capability: one meter, or every meter of an account.
 * `tz` is each meter's ESCO's timezone.
 */
function metersSql(principal: CustomerPrincipal, scope: Scope): SQL {
  const where =
    "meterId" in scope
      ? sql`m.id = ${scope.meterId}::uuid`
      : sql`p.account_id = ${scope.accountId}::uuid`;
  return sql`SELECT m.id, m.meter_number, m.type, m.is_smart, p.account_id, p.esco_id, p.is_primary,
        e.timezone AS tz, e.currency
      FROM (${accountLinks(principal, "usage")}) l
      JOIN premises p ON p.account_id = l.account_id
      JOIN escos e ON e.id = p.esco_id
      JOIN meters m ON m.premise_id = p.id
      WHERE ${where}`;
}

/** The account, if the principal may see its usage, in the timezone that cuts the window. */
function accountSql(principal: CustomerPrincipal, scope: Scope): SQL {
  const id = "meterId" in scope ? sql`(SELECT account_id FROM ms)` : sql`${scope.accountId}::uuid`;
  // A meter's window is cut in its own ESCO's zone; an account's in its primary premise's.
  const tz =
    "meterId" in scope
      ? sql`(SELECT tz FROM ms)`
      : sql`(SELECT e.timezone FROM premises p JOIN escos e ON e.id = p.esco_id
             WHERE p.account_id = a.id ORDER BY p.is_primary DESC, p.created_at LIMIT 1)`;
  return sql`SELECT a.id, a.account_number, coalesce(${tz}, 'UTC') AS tz
      FROM (${accountLinks(principal, "usage")}) l
      JOIN accounts a ON a.id = l.account_id
      WHERE a.id = ${id}
      LIMIT 1`;
}

/**
 * Each read in the window with the period it closes (from the read before it, inside the window
 * or not) and the local day it counts on.
 */
const readsSql = sql`
    SELECT ms.id AS meter_id, r.read_at, r.consumption, r.source, ${readDay(sql`r.read_at`, sql`ms.tz`)} AS day,
           coalesce(
             lag(r.read_at) OVER (PARTITION BY r.meter_id ORDER BY r.read_at),
             (SELECT x.read_at FROM meter_readings x WHERE x.meter_id = ms.id AND x.read_at <= w.w_from
              ORDER BY x.read_at DESC LIMIT 1),
             r.read_at - CASE WHEN ms.is_smart THEN interval '30 minutes' ELSE interval '1 month' END
           ) AS prev_at
    FROM ms CROSS JOIN w
    JOIN meter_readings r ON r.meter_id = ms.id AND r.read_at > w.w_from AND r.read_at <= w.w_to`;

/** Each priced meter's tariff periods as date ranges [period_start, period_end). */
const tariffsSql = sql`
    SELECT ms.id AS meter_id, ct.period_start, ct.unit_rate AS rate, ct.period_end
    FROM ms CROSS JOIN LATERAL (${tariffRanges({
      accountId: sql`ms.account_id`,
      escoId: sql`ms.esco_id`,
      meterType: sql`ms.type`,
    })}) ct`;

/**
 * Reads grouped into IntervalBlocks: local days for interval meters, local months for the others.
 * A read is priced at the unit rate of the tariff in force on its day, where the meter is priced;
 * money stays SQL numeric until it is a whole number of hundred-thousandths.
 */
const blocksSql = sql`
    SELECT r.meter_id, b.block, min(b.starts) AS starts, min(b.ends) AS ends,
           json_agg(json_build_array(
             ${epoch(sql`r.prev_at`)}, ${seconds(sql`r.prev_at`, sql`r.read_at`)},
             round(r.consumption * 1000)::bigint,
             CASE WHEN t.rate IS NOT NULL THEN round(r.consumption * t.rate * 100000)::bigint END,
             r.source
           ) ORDER BY r.read_at) AS readings
    FROM reads r
    JOIN ms ON ms.id = r.meter_id
    CROSS JOIN LATERAL (
      SELECT CASE WHEN ms.is_smart THEN r.day ELSE date_trunc('month', r.day)::date END AS block
    ) k
    CROSS JOIN LATERAL (
      SELECT k.block, ${dayStart(sql`k.block`, sql`ms.tz`)} AS starts,
             ${dayStart(sql`(k.block + CASE WHEN ms.is_smart THEN interval '1 day' ELSE interval '1 month' END)::date`, sql`ms.tz`)} AS ends
    ) b
    LEFT JOIN tariffs t ON t.meter_id = r.meter_id AND r.day >= t.period_start
      AND (t.period_end IS NULL OR r.day < t.period_end)
    WHERE r.consumption IS NOT NULL
    GROUP BY r.meter_id, b.block`;

/** The account's bills overlapping the window, for those who may see its bills. */
function billsSql(principal: CustomerPrincipal): SQL {
  return sql`
    SELECT b.bill_number, b.period_start, b.period_end, b.amount,
           ${dayStart(sql`b.period_start`, sql`w.tz`)} AS starts,
           ${dayStart(sql`b.period_end + 1`, sql`w.tz`)} AS ends,
           ${dayStart(sql`b.issue_date`, sql`w.tz`)} AS issued
    FROM w JOIN bills b ON b.account_id = w.id
    WHERE b.status <> 'void' AND ${canOnAccount(principal, "billing", sql`w.id`)}
      AND b.period_start < (w.w_to AT TIME ZONE w.tz)::date
      AND b.period_end >= (w.w_from AT TIME ZONE w.tz)::date`;
}

/** One meter's feed data, as JSON. */
const meterJson = sql`json_build_object(
    'meterId', ms.id, 'meterNumber', ms.meter_number, 'type', ms.type,
    'intervalLength', CASE WHEN ms.is_smart THEN 1800 END,
    'timezone', ms.tz, 'currency', ms.currency,
    'blocks', (SELECT coalesce(json_agg(json_build_object(
        'start', ${epoch(sql`b.starts`)}, 'duration', ${seconds(sql`b.starts`, sql`b.ends`)},
        'readings', b.readings
      ) ORDER BY b.block), '[]'::json) FROM blocks b WHERE b.meter_id = ms.id),
    'bills', (SELECT coalesce(json_agg(json_build_object(
        'billNumber', br.bill_number,
        'start', ${epoch(sql`br.starts`)}, 'duration', ${seconds(sql`br.starts`, sql`br.ends`)},
        'amount', round(br.amount * 100000)::bigint, 'issuedAt', ${epoch(sql`br.issued`)},
        'consumption', (SELECT round(sum(d.consumption) * 1000)::bigint FROM meter_daily_usage d
                        WHERE d.meter_id = ms.id AND d.day BETWEEN br.period_start AND br.period_end)
      ) ORDER BY br.period_start), '[]'::json) FROM bill_rows br)
  )`;

type GreenButtonArgs = { principal: CustomerPrincipal; window: ReadingsWindow } & Scope;

/** The statement behind a feed; no row when the principal may not see the meter's or account's usage. */
export function greenButtonStatement({ principal, window, ...scope }: GreenButtonArgs): SQL {
  const bounds = windowSql(window, "none", sql`acct.tz`);
  return sql`WITH ms AS (${metersSql(principal, scope)}),
      acct AS (${accountSql(principal, scope)}),
      w AS (SELECT acct.*, ${bounds.from} AS w_from, ${bounds.to} AS w_to FROM acct),
      reads AS (${readsSql}),
      tariffs AS (${tariffsSql}),
      -- Built once for all meters: inlined, each meter's subquery would build it again.
      blocks AS MATERIALIZED (${blocksSql}),
      bill_rows AS (${billsSql(principal)})
      SELECT json_build_object(
          'accountId', w.id, 'accountNumber', w.account_number,
          'generatedAt', ${isoInstant(portalNow)},
          'from', ${localDate(sql`w.w_from`, sql`w.tz`)}, 'to', ${localDate(sql`w.w_to`, sql`w.tz`)},
          'meters', (SELECT coalesce(json_agg(${meterJson} ORDER BY ms.meter_number), '[]'::json) FROM ms)
        ) AS body
      FROM w`;
}

/**
 * Everything a Green Button feed holds for one meter or a whole account, in one statement, over
 * the same window as the readings API. 404 for a meter or account whose usage the principal may
 * not see.
 */
export async function readGreenButtonData(args: GreenButtonArgs): Promise<GreenButtonData> {
  const [row] = await queryRows<{ body: GreenButtonData }>(getReadDb(), greenButtonStatement(args));
  if (!row) throw notFound("meterId" in args ? "meter" : "account");
  return row.body;
}
