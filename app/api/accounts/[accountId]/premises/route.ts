// GET /api/accounts/{accountId}/premises - the account's premises
import { listPremises } from "@/db/queries/premises";
import { withCustomer } from "@/lib/api/handler";
import { idParam } from "@/lib/validation";

export const GET = withCustomer<{ accountId: string }>(async ({ principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  return Response.json(await listPremises({ principal, accountId }));
});
