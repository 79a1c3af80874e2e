import { z } from "zod";
import "zod-openapi";
import { accessKinds } from "@/db/schema/audit";
import { isoInstant, uuid } from "./common";

export const accessEntry = z
  .object({
    id: z.string().meta({ description: "The audit record's number" }),
    occurredAt: isoInstant,
    kind: z.enum(accessKinds).meta({
      description:
        "self: the customer; staff: support staff in the console (exports among them); " +
        "impersonation: staff viewing the portal as the customer; admin_api: an admin API read; " +
        "service: a back-end service",
    }),
    action: z.string().meta({
      description:
        "read, staff_search, staff_view_customer, gdpr_export, impersonation_start, " +
        "impersonation_read, impersonation_stop, impersonation_write_refused",
    }),
    actorRealm: z.string(),
    actorUsername: z.string().nullable(),
    resource: z.string().nullable().meta({ description: "The page or API path that was read" }),
    reason: z.string().nullable().meta({ description: "Why staff viewed the portal as you" }),
    impersonationId: uuid.nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AccessEntry" });

export const accessLogPage = z
  .object({
    entries: z.array(accessEntry),
    next: z.string().nullable().meta({ description: "The next page's URL, null on the last" }),
  })
  .meta({ id: "AccessLogPage" });

export const accessLogParams = z.object({
  limit: z.string().optional().meta({ description: "1 to 100 (default 25)" }),
  cursor: z.string().optional().meta({ description: "From the previous page's next link" }),
});
