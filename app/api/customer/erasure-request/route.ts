// GET  /api/customer/erasure-request - the customer's latest request to have their data erased
// POST /api/customer/erasure-request - ask for erasure; an admin completes or declines it
import { getDb } from "@/db/client";
import { getLatestErasureRequest } from "@/db/queries/erasure-requests";
import { withCustomer } from "@/lib/api/handler";
import { requestErasure } from "@/lib/domain/erasure-requests";

export const GET = withCustomer(async ({ principal }) =>
  Response.json({ request: await getLatestErasureRequest({ principal }) }),
);

// Any customer not closed may ask, inactive ones included: a privacy right, not a change.
export const POST = withCustomer(
  async ({ principal }) => {
    const request = await getDb().transaction((tx) => requestErasure(tx, { principal }));
    return Response.json({ request }, { status: 201 });
  },
  { writes: "privacy" },
);
