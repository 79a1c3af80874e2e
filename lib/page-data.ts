import "server-only";
import { cache } from "react";
import { getCustomerProfile } from "@/db/queries/customers";
import { requireCustomer } from "@/lib/auth/session";

/** The page's principal, resolved once per request however many components ask. */
export const currentPrincipal = cache(requireCustomer);

/** The signed-in customer's profile, loaded once per request (layout and page share it). */
export const currentProfile = cache(async () =>
  getCustomerProfile({ principal: await currentPrincipal() }),
);
