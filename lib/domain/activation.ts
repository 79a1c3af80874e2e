import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import type { CustomerStatus, CustomerType } from "@/db/schema/customers";
import { AppError, notFound } from "@/lib/errors";
import { assertTransition } from "./customer-status";
import { type Actor, recordChange } from "./events";

/**
 * prelive → live, as an admin does once a new customer's setup has been checked. The same rules
 * as a status PATCH through the admin API: the lifecycle, and a name before going live.
 */
export async function activateCustomer(
  tx: Executor,
  { customerId, actor }: { customerId: string; actor: Actor },
): Promise<void> {
  const [customer] = await queryRows<{
    status: CustomerStatus;
    type: CustomerType;
    named: boolean;
  }>(
    tx,
    sql`SELECT status, type,
          CASE WHEN type = 'business' THEN business_name IS NOT NULL
               ELSE first_name IS NOT NULL AND last_name IS NOT NULL END AS named
        FROM customers WHERE id = ${customerId}::uuid FOR UPDATE`,
  );
  if (!customer) throw notFound("customer");
  if (customer.status === "live") return;
  assertTransition(customer.status, "live");
  if (!customer.named) {
    throw new AppError(
      "validation_failed",
      "A live customer needs a name: add one to the customer before activating them.",
      { errors: [{ field: "name", code: "name_required", message: "The customer has no name." }] },
    );
  }
  await tx.execute(
    sql`UPDATE customers SET status = 'live', updated_at = now() WHERE id = ${customerId}::uuid`,
  );
  await recordChange(tx, {
    customerId,
    type: "CustomerStatusChanged",
    actor,
    data: { from: customer.status, to: "live" },
    event: {
      type: "CustomerStatusChanged",
      aggregateType: "customer",
      aggregateId: customerId,
      payload: { customerId, from: customer.status, to: "live" },
    },
  });
}
