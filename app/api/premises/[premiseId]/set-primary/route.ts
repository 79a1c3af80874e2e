// POST /api/premises/{premiseId}/set-primary - make this the account's primary premise
import { setPrimaryPremise } from "@/db/queries/premises";
import { withCustomer } from "@/lib/api/handler";
import { idParam } from "@/lib/api/validation";
import { actorOf } from "@/lib/domain/events";

export const POST = withCustomer<{ premiseId: string }>(async ({ principal, params }) => {
  const premiseId = idParam(params.premiseId, "premise");
  return Response.json(
    await setPrimaryPremise({ principal, actor: actorOf(principal), premiseId }),
  );
});
