import { z } from "zod";
import {
  address,
  amount,
  capabilities,
  currency,
  isoDate,
  usageByType,
  uuid,
  windowSchema,
} from "./common";

const meterSummary = z.object({
  meterId: uuid,
  meterNumber: z.string(),
  type: z.enum(["electric", "gas", "water"]),
  status: z.enum(["active", "inactive", "removed"]),
  unit: z.string(),
  isSmart: z.boolean(),
});

const premiseWithMeters = z.object({
  premiseId: uuid,
  ...address,
  isPrimary: z.boolean(),
  meters: z.array(meterSummary),
});

/** Balance fields are null where the customer's role does not include billing. */
const accountBase = z.object({
  accountId: uuid,
  accountNumber: z.string(),
  nickname: z.string().nullable(),
  type: z.enum(["residential", "commercial"]),
  status: z.string(),
  role: z.enum(["occupier", "landlord", "agent", "billing"]),
  capabilities,
  currency: currency.nullable(),
  timezone: z.string().nullable(),
  currentBalance: amount.nullable(),
  totalDueAmount: amount.nullable(),
  overdueAmount: amount.nullable(),
  nextDueDate: isoDate.nullable(),
  lastPaymentDate: isoDate.nullable(),
  lastPaymentAmount: amount.nullable(),
});

export const accountList = z
  .object({
    accounts: z.array(
      accountBase.extend({
        premisesCount: z.number().int(),
        metersCount: z.number().int(),
        usageByType: usageByType.nullable(),
      }),
    ),
    window: windowSchema.extend({ previous: windowSchema }),
    total: z.number().int().meta({ description: "Accounts matching the filter, on every page" }),
    totals: z.object({
      byCurrency: z.array(z.object({ currency, currentBalance: amount, totalDueAmount: amount })),
      electricity: z
        .object({ usage: z.number(), unit: z.string() })
        .meta({ description: "Kept for older clients: `usageByType.electric`, or 0" }),
      // Per meter type the matching accounts have: the sum of the accounts' usage.
      usageByType,
    }),
    next: z.string().nullable().meta({ description: "Cursor of the next page; null on the last" }),
  })
  .meta({ id: "AccountList" });

export const accountDetail = accountBase
  .extend({ premises: z.array(premiseWithMeters) })
  .meta({ id: "AccountDetail" });

export const accountSummary = accountBase
  .extend({
    totalPremises: z.number().int(),
    totalMeters: z.number().int(),
    window: windowSchema.extend({ previous: windowSchema }),
    usageByType: usageByType.nullable(),
    previous: windowSchema.extend({ usageByType: usageByType.nullable() }),
  })
  .meta({ id: "AccountSummary" });
