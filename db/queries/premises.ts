import { sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { revealPii } from "@/lib/pii";
import type { PremiseDetail, PremiseList } from "@/lib/schemas/types";
import { getDb, queryRows } from "../client";
import { roleGrants } from "./account-sql";
import { type Addressed, premisesInOrder } from "./addresses";
import { accountLinks } from "./scope";
import { isoDate, isoInstant, quantity } from "./sql-format";

/** A meter's fields as listed under a premise; readings only for roles that may see usage. */
export const meterFields = (roleExpr = sql`l.role`) => sql`
  'meterId', m.id, 'meterNumber', m.meter_number, 'type', m.type, 'status', m.status,
  'unit', m.unit, 'isSmart', m.is_smart, 'installDate', ${isoDate(sql`m.install_date`)},
  'removalDate', ${isoDate(sql`m.removal_date`)},
  'lastReading', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${quantity(sql`last.register_value`)} END,
  'lastReadingAt', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${isoInstant(sql`last.read_at`)} END,
  'lastReadingDate', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${isoDate(sql`(last.read_at AT TIME ZONE e.timezone)::date`)} END`;

export const meterJson = (roleExpr = sql`l.role`) =>
  sql`json_build_object(${meterFields(roleExpr)})`;

/** `last`: a meter `m`'s latest read, found backwards on the (meter_id, read_at) key. */
export const lastReading = sql`LEFT JOIN LATERAL (
    SELECT r.register_value, r.read_at FROM meter_readings r
    WHERE r.meter_id = m.id ORDER BY r.read_at DESC LIMIT 1
  ) last ON true`;

const premiseFields = sql`
  'premiseId', p.id, 'accountId', p.account_id, 'street', p.street, 'unit', p.unit,
  'city', p.city, 'state', p.state, 'zip', p.zip, 'country', p.country, 'isPrimary', p.is_primary,
  'esco', json_build_object('code', e.code, 'name', e.name, 'currency', e.currency, 'timezone', e.timezone)`;

/** GET /api/accounts/{accountId}/premises */
export async function listPremises({
  principal,
  accountId,
}: {
  principal: CustomerPrincipal;
  accountId: string;
}) {
  const [row] = await queryRows<{ body: unknown[] }>(
    getDb(),
    sql`SELECT (SELECT coalesce(json_agg(json_build_object(${premiseFields},
                  'meterCount', (SELECT count(*) FROM meters m WHERE m.premise_id = p.id)
                )), '[]'::json)
                FROM premises p JOIN escos e ON e.id = p.esco_id WHERE p.account_id = l.account_id) AS body
        FROM (${accountLinks(principal, "view")}) l
        WHERE l.account_id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  return { premises: premisesInOrder(row.body as Addressed[]) } as PremiseList;
}

/** GET /api/premises/{premiseId}: the premise with its meters. */
export async function getPremise({
  principal,
  premiseId,
}: {
  principal: CustomerPrincipal;
  premiseId: string;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getDb(),
    sql`SELECT json_build_object(${premiseFields},
          'meters', (SELECT coalesce(json_agg(${meterJson()} ORDER BY m.meter_number), '[]'::json)
                     FROM meters m ${lastReading} WHERE m.premise_id = p.id)
        ) AS body
        FROM (${accountLinks(principal, "view")}) l
        JOIN premises p ON p.account_id = l.account_id
        JOIN escos e ON e.id = p.esco_id
        WHERE p.id = ${premiseId}::uuid`,
  );
  if (!row) throw notFound("premise");
  return revealPii(row.body) as unknown as PremiseDetail;
}
