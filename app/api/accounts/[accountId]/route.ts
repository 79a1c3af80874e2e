// GET /api/accounts/{accountId} - account detail with premises and meters
// PUT /api/accounts/{accountId} - rename the account
import { getAccountDetail } from "@/db/queries/accounts";
import { withCustomer } from "@/lib/api/handler";
import { renameAccount } from "@/lib/domain/accounts";
import { actorOf } from "@/lib/domain/events";
import { idParam, readJson } from "@/lib/validation";
import { accountUpdateSchema } from "./schema";

export const GET = withCustomer<{ accountId: string }>(async ({ principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  return Response.json(await getAccountDetail({ principal, accountId }));
});

export const PUT = withCustomer<{ accountId: string }>(async ({ req, principal, params }) => {
  const accountId = idParam(params.accountId, "account");
  const { nickname } = await readJson(req, accountUpdateSchema);
  return Response.json(
    await renameAccount({ principal, actor: actorOf(principal), accountId, nickname }),
  );
});
