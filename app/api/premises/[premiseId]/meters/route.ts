// GET /api/premises/{premiseId}/meters - the meters at a premise
import { listMeters } from "@/db/queries/meters";
import { withCustomer } from "@/lib/api/handler";
import { idParam } from "@/lib/validation";

export const GET = withCustomer<{ premiseId: string }>(async ({ principal, params }) => {
  const premiseId = idParam(params.premiseId, "premise");
  return Response.json(await listMeters({ principal, premiseId }));
});
