// GET /api/accounts - the accounts the customer may see, a page at a time, with balances and usage
import { listAccounts } from "@/db/queries/accounts";
import { withCustomer } from "@/lib/api/handler";
import { resolveUsageWindow } from "@/lib/usage-window";
import { readQuery } from "@/lib/validation";
import { accountListQuery } from "./schema";

export const GET = withCustomer(async ({ req, principal }) => {
  const { from, to, ...options } = readQuery(req, accountListQuery);
  const window = resolveUsageWindow({ from, to });
  return Response.json(await listAccounts({ principal, window, options }));
});
