// GET /api/accounts/{accountId}/greenbutton - a Green Button (NAESB ESPI 4.0) feed of every meter on the account
import { greenButtonResponse } from "@/lib/api/greenbutton";
import { withCustomer } from "@/lib/api/handler";
import { resolveWindow } from "@/lib/readings-request";
import { idParam, readQuery } from "@/lib/validation";
import { greenButtonQuerySchema } from "./schema";

export const GET = withCustomer<{ accountId: string }>(async ({ req, principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  const query = readQuery(req, greenButtonQuerySchema);
  const { pathname, search } = new URL(req.url);
  return greenButtonResponse({
    principal,
    accountId,
    window: resolveWindow(query.from, query.to),
    selfHref: pathname + search,
  });
});
