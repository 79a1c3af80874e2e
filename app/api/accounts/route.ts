// GET /api/accounts - every account the customer may see, with balances and usage
import { listAccounts } from "@/db/queries/accounts";
import { withCustomer } from "@/lib/api/handler";
import { resolveUsageWindow, usageWindowQuery } from "@/lib/api/usage-window";
import { readQuery } from "@/lib/api/validation";

export const GET = withCustomer(async ({ req, principal }) => {
  const window = resolveUsageWindow(readQuery(req, usageWindowQuery));
  return Response.json(await listAccounts({ principal, window }));
});
