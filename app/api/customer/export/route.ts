// GET /api/customer/export - everything held about the signed-in customer, as a JSON download
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { isPrincipalCustomer } from "@/db/queries/scope";
import { exportResponse } from "@/lib/api/export-response";
import { withCustomer } from "@/lib/api/handler";
import { exportCustomer } from "@/lib/domain/export";
import { notFound } from "@/lib/errors";

export const GET = withCustomer(async ({ principal }) => {
  // Bearer tokens carry only the subject: find the customer it belongs to first.
  const customerId =
    principal.customerId ??
    (
      await queryRows<{ id: string }>(
        getDb(),
        sql`SELECT c.id FROM customers c WHERE ${isPrincipalCustomer(principal)}`,
      )
    )[0]?.id;
  const body = customerId ? await exportCustomer(getDb(), customerId) : null;
  if (!customerId || !body) throw notFound("customer");
  return exportResponse(customerId, body);
});
