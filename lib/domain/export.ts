import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { isoInstant as iso, portalNow } from "@/db/queries/sql-format";
import { rolesWith } from "@/lib/authz/capabilities";
import { revealPiiInJson } from "@/lib/pii";

/** Version of the export's layout, so a reader can tell documents of different shapes apart. */
export const EXPORT_FORMAT = "energy-portal.customer-export.v1";

/**
 * Readings are the bulk of what is held (a smart meter reads 17,520 times a year), so the export
 * carries the last 13 months of each meter: a full year plus the month before it, enough to
 * compare any month with the same month a year earlier. Older reads can be asked for through
 * the readings API or support.
 */
export const READINGS_MONTHS = 13;

const roleList = (capability: "billing" | "usage"): SQL =>
  sql.join(
    rolesWith(capability).map((role) => sql`${role}::account_role`),
    sql`, `,
  );

/**
 * The right of access (GDPR art. 15): everything held about a customer as one JSON document,
 * built by ONE statement. Records appear as stored, with their column names; what an account
 * link shows follows the role's capabilities (bills and payments for roles that see them,
 * readings for meters the customer occupies or manages). Invites appear without their token
 * hash. Personal data encrypted at rest appears decrypted, without its blind indexes. Returns the
 * document as JSON text, so amounts keep every digit; null for no customer.
 */
export async function exportCustomer(db: Executor, customerId: string): Promise<string | null> {
  const [row] = await queryRows<{ body: string }>(
    db,
    sql`WITH c AS (SELECT * FROM customers WHERE id = ${customerId}::uuid),
      links AS (
        SELECT ca.account_id, ca.role, ca.created_at,
          ca.role IN (${roleList("billing")}) AS billing, ca.role IN (${roleList("usage")}) AS usage
        FROM customer_accounts ca JOIN c ON c.id = ca.customer_id
      ),
      since AS (SELECT date_trunc('second', ${portalNow} - make_interval(months => ${READINGS_MONTHS})) AS at)
      SELECT json_build_object(
        'format', ${EXPORT_FORMAT}::text,
        'exportedAt', ${iso(portalNow)},
        'customerId', c.id,
        'readingsSince', (SELECT ${iso(sql`at`)} FROM since),
        'customer', (to_jsonb(c) - 'email_index' - 'phone_index' - 'phone_tail_index')::json,
        'preferences', (SELECT row_to_json(p) FROM preferences p WHERE p.customer_id = c.id),
        'accounts', (SELECT coalesce(json_agg(json_build_object(
            'role', l.role,
            'linkedAt', l.created_at,
            'account', row_to_json(a),
            'premises', (SELECT coalesce(json_agg(json_build_object(
                'premise', (to_jsonb(p) - 'street_index')::json,
                'meters', (SELECT coalesce(json_agg(json_build_object(
                    'meter', row_to_json(m),
                    'readings', CASE WHEN l.usage THEN (
                      SELECT coalesce(json_agg(json_build_object(
                          'read_at', r.read_at, 'register_value', r.register_value,
                          'consumption', r.consumption, 'source', r.source
                        ) ORDER BY r.read_at), '[]'::json)
                      FROM meter_readings r
                      WHERE r.meter_id = m.id AND r.read_at >= (SELECT at FROM since)) END
                  ) ORDER BY m.meter_number), '[]'::json)
                  FROM meters m WHERE m.premise_id = p.id)
              ) ORDER BY p.is_primary DESC, p.created_at, p.id), '[]'::json)
              FROM premises p WHERE p.account_id = a.id),
            'bills', CASE WHEN l.billing THEN (
              SELECT coalesce(json_agg(row_to_json(b) ORDER BY b.issue_date, b.id), '[]'::json)
              FROM bills b WHERE b.account_id = a.id) END,
            'payments', CASE WHEN l.billing THEN (
              SELECT coalesce(json_agg(row_to_json(pm) ORDER BY pm.paid_at, pm.id), '[]'::json)
              FROM payments pm WHERE pm.account_id = a.id) END
          ) ORDER BY a.account_number), '[]'::json)
          FROM links l JOIN accounts a ON a.id = l.account_id),
        'tariffs', (SELECT coalesce(json_agg(row_to_json(t) ORDER BY t.period_start), '[]'::json)
          FROM customer_tariffs t WHERE t.customer_id = c.id),
        'invitesAccepted', (SELECT coalesce(json_agg(json_build_object(
            'id', i.id, 'account_id', i.account_id, 'role', i.role, 'email', i.email,
            'created_at', i.created_at, 'expires_at', i.expires_at, 'accepted_at', i.accepted_at
          ) ORDER BY i.accepted_at), '[]'::json)
          FROM customer_invites i WHERE i.accepted_customer_id = c.id),
        'events', (SELECT coalesce(json_agg(row_to_json(e) ORDER BY e.id), '[]'::json)
          FROM customer_events e WHERE e.customer_id = c.id),
        'accessAudit', (SELECT coalesce(json_agg(row_to_json(x) ORDER BY x.id), '[]'::json)
          FROM access_audit x WHERE x.customer_id = c.id AND x.kind <> 'self')
      )::text AS body
      FROM c`,
  );
  return row ? revealPiiInJson(row.body) : null;
}

export function exportFilename(customerId: string): string {
  return `customer-${customerId}-export.json`;
}
