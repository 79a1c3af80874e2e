import { z } from "zod";
import { isoInstant, uuid } from "./common";

const record = z.record(z.string(), z.unknown()).meta({
  description: "A record as stored, with the database's column names",
});

const reading = z.object({
  read_at: z.string(),
  register_value: z.number(),
  consumption: z.number().nullable(),
  source: z.enum(["actual", "estimated", "customer"]),
});

/** The GDPR export's layout (lib/domain/export.ts). */
export const customerExport = z
  .object({
    format: z.literal("energy-portal.customer-export.v1"),
    exportedAt: isoInstant,
    customerId: uuid,
    readingsSince: isoInstant.meta({
      description: "Readings are included from here: the 13 months before the export",
    }),
    customer: record,
    preferences: record.nullable(),
    accounts: z.array(
      z.object({
        role: z.enum(["occupier", "landlord", "agent", "billing"]),
        linkedAt: z.string(),
        account: record,
        premises: z.array(
          z.object({
            premise: record,
            meters: z.array(
              z.object({
                meter: record,
                readings: z
                  .array(reading)
                  .nullable()
                  .meta({ description: "Null where the role does not include readings" }),
              }),
            ),
          }),
        ),
        bills: z.array(record).nullable().meta({ description: "Null for landlords" }),
        payments: z.array(record).nullable().meta({ description: "Null for landlords" }),
      }),
    ),
    tariffs: z.array(record),
    invitesAccepted: z.array(record),
    events: z.array(record).meta({ description: "The customer's audit trail" }),
    accessAudit: z
      .array(record)
      .meta({ description: "Who at the company looked at this customer's data, and why" }),
  })
  .meta({ id: "CustomerExport" });
