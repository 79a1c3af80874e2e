// GET /api/staff/customers/{customerId} - the customer view of the support console, audited
import { getStaffCustomerView } from "@/db/queries/staff-customer";
import { withStaff } from "@/lib/api/handler";
import { staffRoles } from "@/lib/auth/realms";
import { notFound } from "@/lib/errors";
import { idParam } from "@/lib/validation";

export const GET = withStaff<{ customerId: string }>(staffRoles, async ({ principal, params }) => {
  const customerId = idParam(params.customerId, "customer");
  const view = await getStaffCustomerView({ staff: principal, customerId });
  if (!view) throw notFound("customer");
  return Response.json(view);
});
