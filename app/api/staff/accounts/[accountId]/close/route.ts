// POST /api/staff/accounts/{accountId}/close - move-out: close the account, keeping its history (admins)
import { getDb } from "@/db/client";
import { withStaff } from "@/lib/api/handler";
import { closeAccount } from "@/lib/domain/account-closure";
import { actorOf } from "@/lib/domain/events";
import { closeAccountSchema } from "@/lib/schemas/erasure";
import { idParam, readJson } from "@/lib/validation";

export const POST = withStaff<{ accountId: string }>(
  ["admin"],
  async ({ req, principal, params }) => {
    const accountId = idParam(params.accountId, "account");
    const { closedOn } = await readJson(req, closeAccountSchema);
    const closed = await getDb().transaction((tx) =>
      closeAccount(tx, { accountId, closedOn, actor: actorOf(principal) }),
    );
    return Response.json(closed);
  },
);
