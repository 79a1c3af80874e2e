import { sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import type { ErasureRequestView } from "@/lib/schemas/types";
import { getDb, queryRows } from "../client";
import { isPrincipalCustomer } from "./scope";
import { isoInstant } from "./sql-format";

export type { ErasureRequestView };

const requestColumns = (r: string) => {
  const a = sql.raw(r);
  return sql`${a}.id AS "requestId", ${a}.status, ${isoInstant(sql`${a}.requested_at`)} AS "requestedAt",
    ${isoInstant(sql`${a}.resolved_at`)} AS "resolvedAt", ${a}.decline_reason AS "declineReason"`;
};

/** The principal's latest erasure request, or null: one statement. */
export async function getLatestErasureRequest({
  principal,
}: {
  principal: CustomerPrincipal;
}): Promise<ErasureRequestView | null> {
  const [row] = await queryRows<ErasureRequestView>(
    getDb(),
    sql`SELECT ${requestColumns("r")}
        FROM erasure_requests r JOIN customers c ON c.id = r.customer_id
        WHERE ${isPrincipalCustomer(principal)}
        ORDER BY r.requested_at DESC, r.id LIMIT 1`,
  );
  return row ?? null;
}

export interface OpenErasureRequest extends ErasureRequestView {
  customerId: string;
  customerName: string | null;
  customerStatus: string;
}

/** Requests awaiting an admin, oldest first, for the staff console. */
export async function listOpenErasureRequests(limit = 100): Promise<OpenErasureRequest[]> {
  return queryRows<OpenErasureRequest>(
    getDb(),
    sql`SELECT ${requestColumns("r")}, c.id AS "customerId", c.name AS "customerName",
          c.status AS "customerStatus"
        FROM erasure_requests r JOIN customers c ON c.id = r.customer_id
        WHERE r.status = 'requested'
        ORDER BY r.requested_at, r.id LIMIT ${limit}`,
  );
}
