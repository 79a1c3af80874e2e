import { z } from "zod";
import "zod-openapi";

export const uuid = z.guid().meta({ example: "f93e670d-d682-5398-99c5-7191d33acc0c" });
export const isoDate = z.iso.date().meta({ example: "2025-01-22" });
export const isoInstant = z.iso.datetime().meta({ example: "2025-01-10T06:00:00Z" });
/** Money in the currency's major unit, rounded to its minor unit. */
export const amount = z
  .number()
  .meta({ description: "Amount in the currency's major unit", example: 142.5 });
export const currency = z.string().length(3).meta({ example: "USD" });

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: "Stable error code to branch on" }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), code: z.string() }))
      .optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

export const capabilities = z
  .array(z.enum(["view", "billing", "usage", "manage"]))
  .meta({ description: "What the customer's role on this account allows" });

export const usageByType = z
  .record(z.string(), z.object({ usage: z.number(), unit: z.string() }))
  .meta({ id: "UsageByType", example: { electric: { usage: 109280, unit: "kWh" } } });

export const windowSchema = z.object({
  from: z.string().meta({ description: "Start (exclusive): a local date or an instant" }),
  to: z
    .string()
    .meta({ description: "End (inclusive): a local date (its midnight) or an instant" }),
});

export const usageWindowParams = z.object({
  from: z.string().optional().meta({
    description:
      "Date (YYYY-MM-DD, local to each meter's ESCO) or date-time with offset. Default: 30 days to the end of today.",
  }),
  to: z.string().optional().meta({ description: "Same form as from" }),
});

/** A service address as the API returns it. */
export const address = {
  street: z.string(),
  unit: z.string().nullable(),
  city: z.string(),
  state: z.string().nullable(),
  zip: z.string(),
  country: z.string(),
};
