import { z } from "zod";

/** `GET /api/staff/customers?q=`: the console's search term. */
export const staffSearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(2, "Give at least 2 characters to search for")
    .max(100, "Use at most 100 characters"),
});
