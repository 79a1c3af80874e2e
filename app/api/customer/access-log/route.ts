// GET /api/customer/access-log - who else has looked at the customer's data, newest first, paged with a cursor
import { listCustomerAccessLog } from "@/db/queries/access-audit";
import { accessLogRequest, accessLogResponse } from "@/lib/api/access-log";
import { withCustomer } from "@/lib/api/handler";
import { notFound } from "@/lib/errors";

export const GET = withCustomer(async ({ req, principal }) => {
  const page = await listCustomerAccessLog({ principal, ...accessLogRequest(req) });
  if (!page) throw notFound("customer");
  return accessLogResponse(req, page);
});
