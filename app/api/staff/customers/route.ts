// GET /api/staff/customers?q= - the support console's customer search, best matches first
import { searchCustomers } from "@/db/queries/staff";
import { withStaff } from "@/lib/api/handler";
import { staffRoles } from "@/lib/auth/realms";
import { staffSearchQuery } from "@/lib/schemas/staff";
import { readQuery } from "@/lib/validation";

export const GET = withStaff(staffRoles, async ({ req, customersRead }) => {
  const { q } = readQuery(req, staffSearchQuery);
  const customers = await searchCustomers(q);
  // The term is not recorded (it may be an email or a phone number); who was found is.
  for (const hit of customers) customersRead.add(hit.customerId);
  return Response.json({ customers });
});
