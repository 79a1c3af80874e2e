import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { getReadDb, queryRows } from "../client";
import { accountLinks } from "./scope";
import { isoDate } from "./sql-format";

export interface MeterTariff {
  meterId: string;
  currency: string;
  minorUnit: number;
  /** The occupier's tariff periods, oldest first; empty when no tariff is held for this meter. */
  periods: {
    periodStart: string;
    unitRate: number;
    standingCharge: number;
    discountRateBasisPoints: number;
    isOverride: boolean;
  }[];
}

/**
 * The tariff periods that price a meter's use: the customer tariffs of its account's first
 * occupier, which are for electricity; none for other meter types.
 */
export function tariffPeriods(accountId: SQL, meterType: SQL): SQL {
  return sql`SELECT ct.* FROM customer_tariffs ct
    WHERE ${meterType} = 'electric'
      AND ct.customer_id = (SELECT ca.customer_id FROM customer_accounts ca
                            WHERE ca.account_id = ${accountId} AND ca.role = 'occupier'
                            ORDER BY ca.created_at LIMIT 1)`;
}

/**
 * GET /api/meters/{meterId}/tariff: the rates that price this meter's electricity, i.e. the
 * tariffs of the account's occupier. Needs the usage capability, like the readings they price.
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
            FROM (${tariffPeriods(sql`p.account_id`, sql`m.type`)}) ct
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
