import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { getReadDb, queryRows } from "../client";
import type { AccessKind } from "../schema/audit";
import { isPrincipalCustomer } from "./scope";
import { isoInstant, isoInstantPrecise } from "./sql-format";

/** One access to a customer's data, as the customer and supervisors see it. */
export interface AccessEntry {
  id: string;
  occurredAt: string;
  kind: AccessKind;
  action: string;
  actorRealm: string;
  actorUsername: string | null;
  /** What was read: a page or API path, a search. */
  resource: string | null;
  /** Why a member of staff viewed the portal as the customer (every entry of that view). */
  reason: string | null;
  impersonationId: string | null;
  requestId: string | null;
}

/** Keyset position: the last entry's instant (with microseconds) and id. */
export type AccessCursor = readonly [string, string];

export interface AccessPage {
  entries: AccessEntry[];
  /** The position after the last entry, when there are more. */
  next: AccessCursor | null;
}

const entryJson = sql`json_build_object(
  'id', x.id::text, 'occurredAt', ${isoInstant(sql`x.occurred_at`)}, 'kind', x.kind, 'action', x.action,
  'actorRealm', x.actor_realm, 'actorUsername', x.actor_username, 'resource', x.resource,
  'reason', coalesce(x.reason, s.reason), 'impersonationId', x.impersonation_id,
  'requestId', x.request_id,
  'cursor', json_build_array(${isoInstantPrecise(sql`x.occurred_at`)}, x.id::text))`;

/**
 * One page of the audit, newest first, in one statement: `customer` is a condition on
 * `customers c` choosing whose, `which` one on `access_audit x` choosing what.
 */
async function auditPage(
  customer: SQL,
  which: SQL,
  { limit, after }: { limit: number; after: AccessCursor | null },
): Promise<AccessPage | null> {
  const [row] = await queryRows<{ body: (AccessEntry & { cursor: AccessCursor })[] | null }>(
    getReadDb(),
    sql`SELECT (SELECT json_agg(${entryJson} ORDER BY x.occurred_at DESC, x.id DESC)
          FROM (SELECT * FROM access_audit x
                WHERE x.customer_id = c.id AND ${which}
                  ${after ? sql`AND (x.occurred_at, x.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)` : sql``}
                ORDER BY x.occurred_at DESC, x.id DESC
                LIMIT ${limit + 1}) x
          LEFT JOIN impersonation_sessions s ON s.id = x.impersonation_id) AS body
        FROM customers c WHERE ${customer}`,
  );
  if (!row) return null;
  const rows = row.body ?? [];
  const entries = rows.slice(0, limit).map(({ cursor: _cursor, ...entry }) => entry);
  const last = rows[limit - 1];
  return { entries, next: rows.length > limit && last ? last.cursor : null };
}

/**
 * Who else has looked at the customer's data: staff, views as the customer, exports, the admin
 * API and services. Their own reads are kept but not listed here. Null when the principal has
 * no customer record.
 */
export function listCustomerAccessLog({
  principal,
  limit,
  after,
}: {
  principal: CustomerPrincipal;
  limit: number;
  after: AccessCursor | null;
}): Promise<AccessPage | null> {
  return auditPage(isPrincipalCustomer(principal), sql`x.kind <> 'self'`, { limit, after });
}

/** Every recorded access to one customer's data, their own included, for supervisors. */
export function listCustomerAudit({
  customerId,
  limit,
  after,
}: {
  customerId: string;
  limit: number;
  after: AccessCursor | null;
}): Promise<AccessPage | null> {
  return auditPage(sql`c.id = ${customerId}::uuid`, sql`true`, { limit, after });
}
