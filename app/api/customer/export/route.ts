// GET /api/customer/export - everything held about the signed-in customer, as a JSON download
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { isPrincipalCustomer } from "@/db/queries/scope";
import { exportResponse } from "@/lib/api/export-response";
import { withCustomer } from "@/lib/api/handler";
import { EXPORT_ROLES } from "@/lib/auth/roles";
import { exportCustomer } from "@/lib/domain/export";
import { AppError, notFound } from "@/lib/errors";

export const GET = withCustomer(
  async ({ principal }) => {
    // A view as the customer exports no more than the member of staff behind it could.
    const staffRoles = principal.impersonation?.staffRoles;
    if (staffRoles && !staffRoles.some((role) => EXPORT_ROLES.includes(role))) {
      throw new AppError("forbidden", "Your role does not allow exporting a customer's data.");
    }
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
  },
  { limit: "export" },
);
