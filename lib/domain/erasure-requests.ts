import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { isPrincipalCustomer } from "@/db/queries/scope";
import { isoInstant } from "@/db/queries/sql-format";
import type { CustomerPrincipal, StaffPrincipal } from "@/lib/auth/principal";
import { AppError, notFound } from "@/lib/errors";
import type { ErasureRequestView } from "@/lib/schemas/types";
import { eraseCustomer } from "./erasure";
import { type Actor, actorOf, recordChange } from "./events";

/** The admin who resolves a request, as the request records them. */
export interface Resolver {
  subject: string;
  username: string;
  actor: Actor;
}

export function resolverOf(staff: StaffPrincipal): Resolver {
  return { subject: staff.subject, username: staff.username, actor: actorOf(staff) };
}

const returning = sql`RETURNING id AS "requestId", status,
  ${isoInstant(sql`requested_at`)} AS "requestedAt", ${isoInstant(sql`resolved_at`)} AS "resolvedAt",
  decline_reason AS "declineReason", customer_id AS "customerId"`;

type Written = ErasureRequestView & { customerId: string };

/**
 * A customer asks, in the portal, for their personal data to be erased: recorded for an admin
 * to complete or decline. One open request at a time: asking again answers 409.
 */
export async function requestErasure(
  tx: Executor,
  { principal }: { principal: CustomerPrincipal },
): Promise<ErasureRequestView> {
  const [created] = await queryRows<Written>(
    tx,
    sql`INSERT INTO erasure_requests (customer_id)
        SELECT c.id FROM customers c WHERE ${isPrincipalCustomer(principal)}
        ON CONFLICT DO NOTHING ${returning}`,
  );
  if (!created) {
    const [customer] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT c.id FROM customers c WHERE ${isPrincipalCustomer(principal)}`,
    );
    if (!customer) throw notFound("customer");
    throw new AppError(
      "conflict",
      "Your erasure request is already with us: we will let you know when it has been handled.",
    );
  }
  const { customerId, ...request } = created;
  await recordChange(tx, {
    customerId,
    type: "ErasureRequested",
    actor: actorOf(principal),
    data: { requestId: request.requestId },
  });
  return request;
}

/** The open request, locked for its resolution: 404 unknown, 409 already resolved. */
async function openRequest(tx: Executor, requestId: string) {
  const [row] = await queryRows<{ customer_id: string; status: string }>(
    tx,
    sql`SELECT customer_id, status FROM erasure_requests WHERE id = ${requestId}::uuid FOR UPDATE`,
  );
  if (!row) throw notFound("erasure request");
  if (row.status !== "requested") {
    throw new AppError("conflict", `This erasure request has already been ${row.status}.`);
  }
  return row;
}

/**
 * An admin completes a request: the erasure runs, by its own rules (an occupier of an open
 * account is refused with 409 and the request stays open), in the same transaction.
 */
export async function completeErasureRequest(
  tx: Executor,
  { requestId, resolver }: { requestId: string; resolver: Resolver },
): Promise<ErasureRequestView> {
  const { customer_id: customerId } = await openRequest(tx, requestId);
  await eraseCustomer(tx, { customerId, actor: resolver.actor });
  const [done] = await queryRows<Written>(
    tx,
    sql`UPDATE erasure_requests SET status = 'completed', resolved_at = now(),
          resolved_by = ${resolver.subject}, resolved_by_username = ${resolver.username}
        WHERE id = ${requestId}::uuid ${returning}`,
  );
  await recordChange(tx, {
    customerId,
    type: "ErasureRequestCompleted",
    actor: resolver.actor,
    data: { requestId },
  });
  const { customerId: _, ...request } = done as Written;
  return request;
}

/** An admin declines a request, saying why; the customer sees the reason and may ask again. */
export async function declineErasureRequest(
  tx: Executor,
  { requestId, reason, resolver }: { requestId: string; reason: string; resolver: Resolver },
): Promise<ErasureRequestView> {
  const { customer_id: customerId } = await openRequest(tx, requestId);
  const [declined] = await queryRows<Written>(
    tx,
    sql`UPDATE erasure_requests SET status = 'declined', resolved_at = now(),
          resolved_by = ${resolver.subject}, resolved_by_username = ${resolver.username},
          decline_reason = ${reason}
        WHERE id = ${requestId}::uuid ${returning}`,
  );
  await recordChange(tx, {
    customerId,
    type: "ErasureRequestDeclined",
    actor: resolver.actor,
    data: { requestId, declineReason: reason },
  });
  const { customerId: _, ...request } = declined as Written;
  return request;
}
