// POST /api/staff/erasure-requests/{requestId}/complete - run the erasure a customer asked for (admins)
import { getDb } from "@/db/client";
import { withStaff } from "@/lib/api/handler";
import { completeErasureRequest, resolverOf } from "@/lib/domain/erasure-requests";
import { idParam } from "@/lib/validation";

export const POST = withStaff<{ requestId: string }>(["admin"], async ({ principal, params }) => {
  const requestId = idParam(params.requestId, "erasure request");
  const request = await getDb().transaction((tx) =>
    completeErasureRequest(tx, { requestId, resolver: resolverOf(principal) }),
  );
  return Response.json({ request });
});
