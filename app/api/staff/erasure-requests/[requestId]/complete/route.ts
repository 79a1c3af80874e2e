// POST /api/staff/erasure-requests/{requestId}/complete - run the erasure a customer asked for (admins)
import { getDb } from "@/db/client";
import { withStaff } from "@/lib/api/handler";
import { idParam } from "@/lib/api/validation";
import { completeErasureRequest, resolverOf } from "@/lib/domain/erasure-requests";

export const POST = withStaff<{ requestId: string }>(["admin"], async ({ principal, params }) => {
  const requestId = idParam(params.requestId, "erasure request");
  const request = await getDb().transaction((tx) =>
    completeErasureRequest(tx, { requestId, resolver: resolverOf(principal) }),
  );
  return Response.json({ request });
});
