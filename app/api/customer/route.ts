// GET /api/customer - the signed-in customer's profile and linked accounts
import { getCustomerProfile } from "@/db/queries/customers";
import { withCustomer } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";

export const GET = withCustomer(async ({ principal }) => {
  const profile = await getCustomerProfile({ principal });
  if (!profile) throw notFound("customer");
  return Response.json(profile);
});
