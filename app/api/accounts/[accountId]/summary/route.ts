// GET /api/accounts/{accountId}/summary - balances and totals for one account
import { getAccountSummary } from "@/db/queries/accounts";
import { withCustomer } from "@/lib/api/handler";
import { resolveUsageWindow, usageWindowQuery } from "@/lib/usage-window";
import { idParam, readQuery } from "@/lib/validation";

export const GET = withCustomer<{ accountId: string }>(async ({ req, principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  const window = resolveUsageWindow(readQuery(req, usageWindowQuery));
  return Response.json(await getAccountSummary({ principal, accountId, window }));
});
