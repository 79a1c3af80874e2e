import { z } from "zod";
import { amount, currency, isoDate, isoInstant, uuid } from "./common";

export const billPage = z
  .object({
    bills: z.array(
      z.object({
        billId: uuid,
        billNumber: z.string(),
        periodStart: isoDate,
        periodEnd: isoDate,
        issueDate: isoDate,
        dueDate: isoDate,
        amount,
        currency,
        status: z.enum(["issued", "partially_paid", "paid", "void"]),
        overdue: z.boolean(),
      }),
    ),
    currency: currency.nullable(),
    next: z.string().nullable().meta({ description: "Link to the next page, null on the last" }),
  })
  .meta({ id: "BillPage" });

export const paymentPage = z
  .object({
    payments: z.array(
      z.object({
        paymentId: uuid,
        paidAt: isoInstant,
        paidOn: isoDate.meta({ description: "Local date in the ESCO's timezone" }),
        amount,
        currency,
        method: z.enum(["card", "direct_debit", "bank_transfer", "check", "cash"]),
        reference: z.string().nullable(),
      }),
    ),
    currency: currency.nullable(),
    next: z.string().nullable(),
  })
  .meta({ id: "PaymentPage" });

export const pageParams = z.object({
  limit: z.string().optional().meta({ description: "1 to 100 (default 12)" }),
  cursor: z.string().optional().meta({ description: "From the previous page's next link" }),
});
