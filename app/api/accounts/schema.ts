import { z } from "zod";
import { ACCOUNT_PAGE } from "@/db/queries/accounts";
import { usageWindowQuery } from "@/lib/usage-window";

/** Query of GET /api/accounts: the usage window, and the page of the list. */
export const accountListQuery = usageWindowQuery.extend({
  q: z.string().max(100).optional().meta({ description: "Part of a nickname or account number" }),
  sort: z.enum(["name", "number", "balance", "due", "usage"]).default("number"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  limit: z.coerce.number().int().min(1).max(ACCOUNT_PAGE.max).default(ACCOUNT_PAGE.default),
  cursor: z.string().max(512).optional(),
});
