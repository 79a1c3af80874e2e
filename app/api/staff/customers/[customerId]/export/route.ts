// GET /api/staff/customers/{customerId}/export - a customer's data for a subject access request, audited
import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { exportResponse } from "@/lib/api/export-response";
import { withStaff } from "@/lib/api/handler";
import { issuerFor, realmName } from "@/lib/auth/realms";
import { EXPORT_ROLES } from "@/lib/auth/roles";
import { writeAccess } from "@/lib/domain/access-audit";
import { exportCustomer } from "@/lib/domain/export";
import { notFound } from "@/lib/errors";
import { idParam } from "@/lib/validation";

export const GET = withStaff<{ customerId: string }>(
  EXPORT_ROLES,
  async ({ req, principal, params, requestId, customersRead }) => {
    const customerId = idParam(params.customerId, "customer");
    // Recorded in the export's own transaction below, not again as a plain read.
    customersRead.clear();
    const body = await getDb().transaction(async (tx) => {
      const [customer] = await queryRows<{ id: string }>(
        tx,
        sql`SELECT id FROM customers WHERE id = ${customerId}::uuid`,
      );
      if (!customer) throw notFound("customer");
      // Written first, so the export itself lists who took it.
      await writeAccess(tx, {
        kind: "staff",
        actorRealm: realmName(issuerFor("staff")),
        actorSubject: principal.subject,
        actorUsername: principal.username,
        customerId,
        action: "gdpr_export",
        resource: new URL(req.url).pathname,
        requestId,
      });
      return exportCustomer(tx, customerId);
    });
    if (!body) throw notFound("customer");
    return exportResponse(customerId, body);
  },
  { limit: "export" },
);
