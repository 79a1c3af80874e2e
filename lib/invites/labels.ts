import type { AccountRole } from "@/db/schema/accounts";

/** How a role reads in an email or on a page. */
export const roleLabels: Record<AccountRole, string> = {
  occupier: "account holder (occupier)",
  landlord: "landlord",
  agent: "managing agent",
  billing: "billing contact",
};
