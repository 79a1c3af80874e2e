import { type SQL, sql } from "drizzle-orm";
import { tariffRanges } from "./meter-tariff";
import { dayStart } from "./readings-sql";

/**
 * What a meter's use costs, for the readings statement (where `w` is the meter and its window):
 * the energy at the unit rate in force on each local day, plus the standing charge per day. Each
 * bucket's two parts are rounded once to the ESCO's minor unit, so a month's bucket is exactly a
 * bill's line for the meter, and a page's totals are the sums of its buckets.
 */

/** The `tariff` CTE: the meter's tariff periods as day ranges (see tariffPeriods). */
export const tariffCte = sql`tariff AS (
    SELECT t.* FROM w CROSS JOIN LATERAL (${tariffRanges({
      accountId: sql`w.account_id`,
      escoId: sql`w.esco_id`,
      meterType: sql`w.type`,
    })}) t
  )`;

const inForce = (day: SQL) =>
  sql`${day} >= t.period_start AND (t.period_end IS NULL OR ${day} < t.period_end)`;

/** The unit rate in force on a local day; null where no tariff prices it. */
export function unitRateOn(day: SQL): SQL {
  return sql`(SELECT t.unit_rate FROM tariff t WHERE ${inForce(day)})`;
}

/**
 * The standing charge for [start, end): each local day's charge times the share of that day
 * inside, so whole days count once and hours their part of a 23-, 24- or 25-hour day. Null
 * when a day in it has no tariff.
 */
function standingBetween(start: SQL, end: SQL, tz: SQL): SQL {
  const day = sql`g.day::date`;
  return sql`(SELECT CASE WHEN count(*) = count(t.standing_charge) THEN sum(t.standing_charge
        * extract(epoch FROM least(b.d_end, ${end}) - greatest(b.d_start, ${start}))
        / extract(epoch FROM b.d_end - b.d_start)) END
      FROM generate_series((${start} AT TIME ZONE ${tz})::date,
                           ((${end} - interval '1 microsecond') AT TIME ZONE ${tz})::date,
                           interval '1 day') AS g(day)
      CROSS JOIN LATERAL (SELECT ${dayStart(day, tz)} AS d_start, ${dayStart(sql`${day} + 1`, tz)} AS d_end) b
      LEFT JOIN tariff t ON ${inForce(day)})`;
}

/**
 * The `costed` CTE: each page bucket with `energy_cost` and `standing_cost` in money. The page's
 * rows carry `energy` (Σ use × rate) and `priced` (every read or day had a rate).
 */
export function costedPage(start: SQL, end: SQL): SQL {
  return sql`costed AS (
    SELECT p.*,
           CASE WHEN p.priced THEN round(coalesce(p.energy, 0), w.minor_unit) END AS energy_cost,
           CASE WHEN (${start} AT TIME ZONE w.tz)::date
                     = ((${end} - interval '1 microsecond') AT TIME ZONE w.tz)::date
                THEN ${standingWithinDay(start, end, sql`w.tz`)}
                ELSE round(${standingBetween(start, end, sql`w.tz`)}, w.minor_unit) END AS standing_cost
    FROM page p CROSS JOIN w
  )`;
}

/**
 * The standing charge for [start, end) inside one local day, as what the day's charge so far
 * gains over the bucket, each end rounded: the hours of a day then add up to the day's own
 * rounded charge ($0.33 over 24 hours, not 24 × $0.01), whatever page each hour is on.
 */
function standingWithinDay(start: SQL, end: SQL, tz: SQL): SQL {
  const share = (at: SQL) =>
    sql`round(t.standing_charge * extract(epoch FROM ${at} - b.d_start)
                / extract(epoch FROM b.d_end - b.d_start), w.minor_unit)`;
  return sql`(SELECT ${share(end)} - ${share(start)}
      FROM (SELECT (${start} AT TIME ZONE ${tz})::date AS day) g
      CROSS JOIN LATERAL (SELECT ${dayStart(sql`g.day`, tz)} AS d_start,
                                 ${dayStart(sql`g.day + 1`, tz)} AS d_end) b
      LEFT JOIN tariff t ON ${inForce(sql`g.day`)})`;
}

/** A bucket's cost fields, from a `costed` row `p`. */
export const bucketCostFields = sql`'energyCost', p.energy_cost, 'standingCharge', p.standing_cost,
      'cost', p.energy_cost + p.standing_cost`;

/** The page's totals: its buckets summed, the money only where every bucket is priced. */
const allPriced = sql`EXISTS (SELECT 1 FROM tariff) AND count(*) = count(p.energy_cost + p.standing_cost)`;
export const pageSummary = sql`(SELECT json_build_object(
      'consumption', round(coalesce(sum(p.c), 0), 3),
      'energyCost', CASE WHEN ${allPriced} THEN coalesce(sum(p.energy_cost), 0) END,
      'standingCharge', CASE WHEN ${allPriced} THEN coalesce(sum(p.standing_cost), 0) END,
      'cost', CASE WHEN ${allPriced} THEN coalesce(sum(p.energy_cost + p.standing_cost), 0) END
    ) FROM costed p)`;
