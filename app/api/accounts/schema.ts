import { z } from "zod";
import { ACCOUNT_PAGE, ACCOUNT_SORTS } from "@/db/queries/accounts";
import { usageWindowQuery } from "@/lib/usage-window";

/** Query of GET /api/accounts: the usage window, the page of the list, and JSON or CSV. */
export const accountListQuery = usageWindowQuery.extend({
  q: z.string().max(100).optional().meta({ description: "Part of a nickname or account number" }),
  sort: z
    .enum(ACCOUNT_SORTS)
    .default("number")
    .meta({ description: "`usage` sorts by electricity, `gas` and `water` by their usage" }),
  dir: z.enum(["asc", "desc"]).default("asc"),
  limit: z.coerce.number().int().min(1).max(ACCOUNT_PAGE.max).default(ACCOUNT_PAGE.default),
  cursor: z.string().max(512).optional(),
  format: z.enum(["json", "csv"]).default("json").meta({
    description:
      "`csv` downloads every matching account (all pages, in the same order; `limit` and `cursor` are ignored)",
  }),
});
