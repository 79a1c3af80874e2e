import { z } from "zod";
import { amount, currency, isoDate, isoInstant, usageByType, uuid, windowSchema } from "./common";

export const customerProfile = z
  .object({
    customerId: uuid,
    type: z.enum(["individual", "business"]),
    firstName: z.string().nullable().optional().meta({ description: "Individual customers" }),
    lastName: z.string().nullable().optional().meta({ description: "Individual customers" }),
    businessName: z.string().nullable().optional().meta({ description: "Business customers" }),
    email: z.string().nullable(),
    phone: z.string().nullable().meta({ description: "E.164", example: "+19725550142" }),
    status: z.enum(["onboarding", "prelive", "live", "inactive", "closed"]),
    createdAt: isoInstant,
    accounts: z.array(
      z.object({
        accountId: uuid,
        accountNumber: z.string(),
        nickname: z.string().nullable(),
        status: z.string(),
        role: z.enum(["occupier", "landlord", "agent", "billing"]),
      }),
    ),
  })
  .meta({ id: "Customer" });

const currencyTotals = z.object({
  currency,
  totalCurrentBalance: amount,
  totalDueAmount: amount,
  overdueAmount: amount,
  nextDueDate: isoDate.nullable(),
});

export const customerSummary = z
  .object({
    totalAccounts: z.number().int(),
    totalPremises: z.number().int(),
    totalMeters: z.number().int(),
    currency: currency
      .nullable()
      .meta({ description: "Null when the accounts use several currencies" }),
    totalCurrentBalance: amount.nullable(),
    totalDueAmount: amount.nullable(),
    overdueAmount: amount.nullable(),
    nextDueDate: isoDate.nullable(),
    byCurrency: z.array(currencyTotals),
    window: windowSchema.extend({ previous: windowSchema }),
    usageByType,
    previous: windowSchema.extend({ usageByType }),
  })
  .meta({ id: "CustomerSummary" });
