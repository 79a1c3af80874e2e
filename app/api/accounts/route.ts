// GET /api/accounts - the accounts the customer may see, a page at a time, with balances and usage; or all of them as CSV

import { listAccounts } from "@/db/queries/accounts";
import { accountsCsv } from "@/db/queries/accounts-csv";
import { withCustomer } from "@/lib/api/handler";
import { resolveUsageWindow } from "@/lib/usage-window";
import { readQuery } from "@/lib/validation";
import { accountListQuery } from "./schema";

export const GET = withCustomer(async ({ req, principal }) => {
  const { from, to, format, ...options } = readQuery(req, accountListQuery);
  const window = resolveUsageWindow({ from, to });
  if (format === "csv") {
    const { limit: _limit, cursor: _cursor, ...order } = options;
    const { headers, body } = await accountsCsv({ principal, window, options: order });
    return new Response(body, { headers });
  }
  return Response.json(await listAccounts({ principal, window, options }));
});
