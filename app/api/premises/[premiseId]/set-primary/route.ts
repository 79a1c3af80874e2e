// POST /api/premises/{premiseId}/set-primary - make this the account's primary premise
import { withCustomer } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { setPrimaryPremise } from "@/lib/domain/premises";
import { idParam } from "@/lib/validation";

export const POST = withCustomer<{ premiseId: string }>(async ({ principal, params }) => {
  const premiseId = idParam(params.premiseId, "premise");
  return Response.json(
    await setPrimaryPremise({ principal, actor: actorOf(principal), premiseId }),
  );
});
