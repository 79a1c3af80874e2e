import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { discountedRateSql } from "@/lib/tariff";
import { getReadDb, queryRows } from "../client";
import { accountLinks } from "./scope";
import { isoDate } from "./sql-format";

export interface MeterTariff {
  meterId: string;
  currency: string;
  minorUnit: number;
  /** The tariff periods pricing this meter, oldest first; empty where its fuel is not priced. */
  periods: {
    periodStart: string;
    unitRate: number;
    standingCharge: number;
    discountRateBasisPoints: number;
    isOverride: boolean;
  }[];
}

/** Where a meter is priced: its account (whose first occupier may hold tariffs), ESCO and fuel. */
export interface PricedMeter {
  accountId: SQL;
  escoId: SQL;
  meterType: SQL;
}

/**
 * The tariff periods that price a meter's use, oldest first by `period_start`, each in force
 * until the next: the tariffs for its fuel held by its account's first occupier (a microgrid
 * member's share of the discount, or a discount agreed with them), and before the first of
 * those, the tariff its ESCO publishes for that fuel. None where the ESCO has no tariff for the
 * fuel. Columns: period_start, computed_unit_rate, computed_standing_charge,
 * discount_rate_basis_points, is_override.
 */
export function tariffPeriods({ accountId, escoId, meterType }: PricedMeter): SQL {
  const occupier = sql`(SELECT ca.customer_id FROM customer_accounts ca
      WHERE ca.account_id = ${accountId} AND ca.role = 'occupier'
      ORDER BY ca.created_at LIMIT 1)`;
  return sql`SELECT ct.period_start, ct.computed_unit_rate, ct.computed_standing_charge,
           ct.discount_rate_basis_points, ct.is_override
    FROM customer_tariffs ct
    WHERE ct.fuel = ${meterType} AND ct.customer_id = ${occupier}
    UNION ALL
    SELECT mt.period_start,
           ${discountedRateSql(sql`b.unit_rate`, sql`mt.discount_rate_basis_points`)},
           ${discountedRateSql(sql`b.standing_charge`, sql`mt.discount_rate_basis_points`)},
           mt.discount_rate_basis_points, false
    FROM microgrid_tariffs mt JOIN benchmark_tariffs b ON b.id = mt.benchmark_tariff_id
    WHERE mt.esco_id = ${escoId} AND mt.fuel = ${meterType}
      AND mt.period_start < coalesce(
        (SELECT min(c.period_start) FROM customer_tariffs c
         WHERE c.fuel = ${meterType} AND c.customer_id = ${occupier}), 'infinity'::date)`;
}

/**
 * Each tariff period of a meter as a date range [period_start, period_end), period_end null for
 * the one in force now: what to join a day to for its rates.
 */
export function tariffRanges(meter: PricedMeter): SQL {
  return sql`SELECT t.period_start, t.computed_unit_rate AS unit_rate,
           t.computed_standing_charge AS standing_charge,
           lead(t.period_start) OVER (ORDER BY t.period_start) AS period_end
    FROM (${tariffPeriods(meter)}) t`;
}

/**
 * GET /api/meters/{meterId}/tariff: the rates that price this meter's use (see tariffPeriods). Needs the usage capability, like the readings they price.
 */
export async function getMeterTariff({
  principal,
  meterId,
}: {
  principal: CustomerPrincipal;
  meterId: string;
}) {
  const [row] = await queryRows<{ body: MeterTariff }>(
    getReadDb(),
    sql`SELECT json_build_object(
          'meterId', m.id, 'currency', e.currency, 'minorUnit', e.currency_minor_unit,
          'periods', (
            SELECT coalesce(json_agg(json_build_object(
                'periodStart', ${isoDate(sql`ct.period_start`)},
                'unitRate', ct.computed_unit_rate, 'standingCharge', ct.computed_standing_charge,
                'discountRateBasisPoints', ct.discount_rate_basis_points, 'isOverride', ct.is_override
              ) ORDER BY ct.period_start), '[]'::json)
            FROM (${tariffPeriods({ accountId: sql`p.account_id`, escoId: sql`p.esco_id`, meterType: sql`m.type` })}) ct
          )
        ) AS body
        FROM (${accountLinks(principal, "usage")}) l
        JOIN premises p ON p.account_id = l.account_id
        JOIN escos e ON e.id = p.esco_id
        JOIN meters m ON m.premise_id = p.id
        WHERE m.id = ${meterId}::uuid`,
  );
  if (!row) throw notFound("meter");
  return row.body;
}
