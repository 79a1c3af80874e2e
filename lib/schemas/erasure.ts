import { z } from "zod";
import { isoDate, isoInstant, uuid } from "./common";

/** POST /api/staff/accounts/{accountId}/close: the move-out date, today when left out. */
export const closeAccountSchema = z
  .strictObject({ closedOn: isoDate.optional() })
  .meta({ id: "AccountClose" });

/** An admin declining a customer's erasure request says why; the customer is shown it. */
export const declineErasureSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(5, "Say why in at least 5 characters")
    .max(500, "Use at most 500 characters"),
});

/** A customer's erasure request, as the customer and the console see it. */
export const erasureRequest = z
  .object({
    requestId: uuid,
    status: z.enum(["requested", "completed", "declined"]),
    requestedAt: isoInstant,
    resolvedAt: isoInstant.nullable(),
    declineReason: z.string().nullable(),
  })
  .meta({ id: "ErasureRequest" });

/** GET /api/customer/erasure-request: the latest request, or null if none was ever made. */
export const erasureRequestState = z
  .object({ request: erasureRequest.nullable() })
  .meta({ id: "ErasureRequestState" });
