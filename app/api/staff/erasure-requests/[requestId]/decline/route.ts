// POST /api/staff/erasure-requests/{requestId}/decline - decline a customer's erasure request, saying why (admins)
import { getDb } from "@/db/client";
import { withStaff } from "@/lib/api/handler";
import { declineErasureRequest, resolverOf } from "@/lib/domain/erasure-requests";
import { declineErasureSchema } from "@/lib/schemas/erasure";
import { idParam, readJson } from "@/lib/validation";

export const POST = withStaff<{ requestId: string }>(
  ["admin"],
  async ({ req, principal, params }) => {
    const requestId = idParam(params.requestId, "erasure request");
    const { reason } = await readJson(req, declineErasureSchema);
    const request = await getDb().transaction((tx) =>
      declineErasureRequest(tx, { requestId, reason, resolver: resolverOf(principal) }),
    );
    return Response.json({ request });
  },
);
