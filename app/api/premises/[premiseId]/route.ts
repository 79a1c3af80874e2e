// GET /api/premises/{premiseId} - premise detail with its meters
// PUT /api/premises/{premiseId} - correct the premise's address
import { getPremise } from "@/db/queries/premises";
import { withCustomer } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { premiseUpdateSchema, updatePremise } from "@/lib/domain/premises";
import { idParam, readJson } from "@/lib/validation";

export const GET = withCustomer<{ premiseId: string }>(async ({ principal, params }) => {
  const premiseId = idParam(params.premiseId, "premise");
  return Response.json(await getPremise({ principal, premiseId }));
});

export const PUT = withCustomer<{ premiseId: string }>(async ({ req, principal, params }) => {
  const premiseId = idParam(params.premiseId, "premise");
  const input = await readJson(req, premiseUpdateSchema);
  return Response.json(
    await updatePremise({ principal, actor: actorOf(principal), premiseId, input }),
  );
});
