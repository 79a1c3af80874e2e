// GET /api/customer/summary - totals across every account, usage against the previous window
import { getCustomerSummary } from "@/db/queries/customers";
import { withCustomer } from "@/lib/api/handler";
import { resolveUsageWindow, usageWindowQuery } from "@/lib/usage-window";
import { readQuery } from "@/lib/validation";

export const GET = withCustomer(async ({ req, principal }) => {
  const window = resolveUsageWindow(readQuery(req, usageWindowQuery));
  return Response.json(await getCustomerSummary({ principal, window }));
});
