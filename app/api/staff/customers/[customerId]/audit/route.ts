// GET /api/staff/customers/{customerId}/audit - every access to a customer's data, newest first (supervisors)
import { listCustomerAudit } from "@/db/queries/access-audit";
import { accessLogRequest, accessLogResponse } from "@/lib/api/access-log";
import { withStaff } from "@/lib/api/handler";
import { AUDIT_ROLES } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { idParam } from "@/lib/validation";

export const GET = withStaff<{ customerId: string }>(AUDIT_ROLES, async ({ req, params }) => {
  const customerId = idParam(params.customerId, "customer");
  const page = await listCustomerAudit({ customerId, ...accessLogRequest(req) });
  if (!page) throw notFound("customer");
  return accessLogResponse(req, page);
});
