import { sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { revealPii } from "@/lib/pii";
import type { Meter, MeterDetail } from "@/lib/schemas/types";
import { getReadDb, queryRows } from "../client";
import { lastReading, meterFields, meterJson } from "./premises";
import { accountLinks } from "./scope";

/** GET /api/premises/{premiseId}/meters */
export async function listMeters({
  principal,
  premiseId,
}: {
  principal: CustomerPrincipal;
  premiseId: string;
}) {
  const [row] = await queryRows<{ body: unknown[] }>(
    getReadDb(),
    sql`SELECT (SELECT coalesce(json_agg(${meterJson()} ORDER BY m.meter_number), '[]'::json)
                FROM meters m ${lastReading} WHERE m.premise_id = p.id) AS body
        FROM (${accountLinks(principal, "view")}) l
        JOIN premises p ON p.account_id = l.account_id
        JOIN escos e ON e.id = p.esco_id
        WHERE p.id = ${premiseId}::uuid`,
  );
  if (!row) throw notFound("premise");
  return { meters: row.body as Meter[] };
}

/** GET /api/meters/{meterId}: the meter, its latest read and where it is. */
export async function getMeter({
  principal,
  meterId,
}: {
  principal: CustomerPrincipal;
  meterId: string;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getReadDb(),
    sql`SELECT json_build_object(${meterFields()},
          'accountId', p.account_id,
          'timezone', e.timezone,
          'currency', e.currency,
          'premise', json_build_object('premiseId', p.id, 'street', p.street, 'unit', p.unit,
                                       'city', p.city, 'state', p.state, 'zip', p.zip, 'country', p.country)
        ) AS body
        FROM (${accountLinks(principal, "view")}) l
        JOIN premises p ON p.account_id = l.account_id
        JOIN escos e ON e.id = p.esco_id
        JOIN meters m ON m.premise_id = p.id
        ${lastReading}
        WHERE m.id = ${meterId}::uuid`,
  );
  if (!row) throw notFound("meter");
  return revealPii(row.body) as unknown as MeterDetail;
}
