// GET /api/accounts/{accountId}/bills - bills, newest first, paged with a cursor
import { listBills } from "@/db/queries/billing";
import { withCustomer } from "@/lib/api/handler";
import { billingPageQuery } from "@/lib/api/page-query";
import { nextLink } from "@/lib/pagination";
import { idParam, readQuery } from "@/lib/validation";

export const GET = withCustomer<{ accountId: string }>(async ({ req, principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  const { limit, cursor } = readQuery(req, billingPageQuery);
  const page = await listBills({ principal, accountId, limit, cursor });
  return Response.json({ ...page, next: nextLink(req, page.next) });
});
