// GET /api/accounts/{accountId}/payments - payments, newest first, paged with a cursor
import { listPayments } from "@/db/queries/billing";
import { withCustomer } from "@/lib/api/handler";
import { billingPageQuery } from "@/lib/api/page-query";
import { nextLink } from "@/lib/pagination";
import { idParam, readQuery } from "@/lib/validation";

export const GET = withCustomer<{ accountId: string }>(async ({ req, principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  const { limit, cursor } = readQuery(req, billingPageQuery);
  const page = await listPayments({ principal, accountId, limit, cursor });
  return Response.json({ ...page, next: nextLink(req, page.next) });
});
