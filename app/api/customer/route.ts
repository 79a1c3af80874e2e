// GET /api/customer - the signed-in customer's profile and linked accounts
// PUT /api/customer - update the name (or business name), email and phone

import { z } from "zod";
import { getCustomerProfile } from "@/db/queries/customers";
import { withCustomer } from "@/lib/api/handler";
import { actorOf } from "@/lib/domain/events";
import { updateCustomerProfile } from "@/lib/domain/profile";
import { notFound } from "@/lib/errors";
import { readJson } from "@/lib/validation";

export const GET = withCustomer(async ({ principal }) => {
  const profile = await getCustomerProfile({ principal });
  if (!profile) throw notFound("customer");
  return Response.json(profile);
});

export const PUT = withCustomer(
  async ({ req, principal }) => {
    // The body's schema depends on the customer's type and country, so it is checked inside.
    const body = await readJson(req, z.unknown());
    const profile = await updateCustomerProfile({ principal, actor: actorOf(principal), body });
    return Response.json(profile);
  },
  { writes: "setup" },
);
