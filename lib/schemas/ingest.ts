import { z } from "zod";
import "zod-openapi";
import { billStatuses, paymentMethods } from "@/db/schema/billing";
import { readingSources } from "@/db/schema/meters";
import { rejectionCodes } from "@/lib/ingest/outcome";

/**
 * One line of each feed, as the meter and billing services send them (NDJSON, or CSV with a
 * header row for readings). The schemas check a line on its own; what needs the database (the
 * meter exists, the register never goes backwards) is checked when the batch is written.
 */

/** Registers are numeric(14, 3): up to 99,999,999,999.999 in the meter's unit. */
export const MAX_REGISTER = 1e11;

export const readingLine = z
  .strictObject({
    meterNumber: z.string().min(1).max(32),
    readAt: z.iso.datetime({ offset: true }).meta({ example: "2026-12-01T06:30:00Z" }),
    value: z.number().meta({ description: "The register in the meter's unit", example: 32258.4 }),
    source: z.enum(readingSources).default("actual"),
  })
  .meta({ id: "ReadingLine" });

const money = z.number().min(0).max(1e10);
const date = z.iso.date();

export const billLine = z
  .strictObject({
    billId: z.string().min(1).max(32).meta({ example: "B-2026-11-1234567890" }),
    accountNumber: z.string().min(1).max(20).meta({ example: "1234567890" }),
    periodStart: date,
    periodEnd: date,
    issueDate: date,
    dueDate: date,
    amount: money.meta({ description: "Total due, in the ESCO's currency", example: 98.12 }),
    status: z.enum(billStatuses).default("issued"),
    currency: z.string().length(3).optional().meta({ description: "Checked against the ESCO's" }),
    tax: money.optional(),
    lines: z
      .array(
        z.strictObject({
          description: z.string().min(1).max(200),
          amount: z.number(),
          quantity: z.number().optional(),
          unit: z.string().max(16).optional(),
          unitPrice: z.number().optional(),
        }),
      )
      .max(200)
      .optional(),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    message: "periodEnd is before periodStart",
    path: ["periodEnd"],
  })
  .refine((b) => b.dueDate >= b.issueDate, {
    message: "dueDate is before issueDate",
    path: ["dueDate"],
  })
  .meta({ id: "BillLine" });

export const paymentLine = z
  .strictObject({
    paymentId: z.string().min(1).max(64).meta({ example: "P-0001" }),
    accountNumber: z.string().min(1).max(20),
    paidAt: z.iso.datetime({ offset: true }),
    amount: money.refine((n) => n > 0, "A payment is more than zero"),
    method: z.enum(paymentMethods),
    reference: z.string().max(64).optional(),
  })
  .meta({ id: "PaymentLine" });

export type ReadingLine = z.output<typeof readingLine>;
export type BillLine = z.output<typeof billLine>;
export type PaymentLine = z.output<typeof paymentLine>;

export const feedOutcome = z
  .object({
    accepted: z.int().meta({ description: "Lines taken in, replacements included" }),
    duplicates: z.int().meta({ description: "Lines already held as they are: nothing changed" }),
    replaced: z.int().meta({
      description: "Accepted lines that replaced what was held: an estimate, or a bill's status",
    }),
    rejected: z
      .array(
        z.object({
          line: z.int().meta({ description: "1-based, counting a CSV header as line 1" }),
          code: z.enum(rejectionCodes),
          detail: z.string(),
        }),
      )
      .meta({ description: "The first 1,000 rejected lines" }),
    rejectedCount: z.int(),
  })
  .meta({ id: "FeedOutcome" });
