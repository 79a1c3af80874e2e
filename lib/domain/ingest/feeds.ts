import type { z } from "zod";
import { getDb } from "@/db/client";
import type { ServicePrincipal } from "@/lib/auth/principal";
import { actorOf } from "@/lib/domain/events";
import { AppError } from "@/lib/errors";
import { type FeedOutcome, malformed, type Rejection } from "@/lib/ingest/outcome";
import {
  type BillLine,
  billLine,
  MAX_REGISTER,
  type PaymentLine,
  paymentLine,
  readingLine,
} from "@/lib/schemas/ingest";
import { recordRowsIngested } from "@/lib/telemetry";
import { applyBillBatch, applyPaymentBatch } from "./billing";
import { applyReadingBatch, type ReadInput } from "./readings";

type BatchOutcome = Omit<FeedOutcome, "rejectedCount">;

/**
 * A feed: how one line becomes an input (or is rejected on its own), and how a batch of inputs
 * is written. The same definitions serve the HTTP endpoints and the Kafka consumer.
 */
export interface Feed<T> {
  name: string;
  formats: readonly ("ndjson" | "csv")[];
  batchSize: number;
  /** Batches written at once, split by `laneKey` so that one key's lines stay in order. */
  lanes?: number;
  laneKey?: (input: T) => string;
  /** A JSON value (an NDJSON line or a Kafka message) as an input. */
  parse(value: unknown, line: number): T | Rejection;
  /** CSV records as inputs, once the header row has named the columns. */
  csv?: (header: string[]) => (fields: string[], line: number) => T | Rejection;
  apply(batch: T[], caller: ServicePrincipal): Promise<BatchOutcome>;
}

/** A feed's batch writer that counts the rows it stored in the ingest metrics. */
function counted<T>(feed: string, apply: Feed<T>["apply"]): Feed<T>["apply"] {
  return async (batch, caller) => {
    const outcome = await apply(batch, caller);
    recordRowsIngested(feed, outcome.accepted + outcome.replaced);
    return outcome;
  };
}

/** zod's first complaint about a line, as `field: message`. */
function firstIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return "The line does not match the feed's format.";
  const field = issue.path.join(".");
  return field ? `${field}: ${issue.message}` : issue.message;
}

const DECIMAL = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function readingFrom(
  record: Record<string, unknown>,
  line: number,
  valueText: string,
): ReadInput | Rejection {
  const value = record.value;
  if (typeof value !== "number" || !Number.isFinite(value))
    return { line, code: "not_a_number", detail: "value must be a number." };
  if (value < 0 || value >= MAX_REGISTER)
    return {
      line,
      code: "value_out_of_range",
      detail: `value must be at least 0 and below ${MAX_REGISTER}.`,
    };
  const parsed = readingLine.safeParse(record);
  if (!parsed.success) return malformed(line, firstIssue(parsed.error));
  const { meterNumber, readAt, source } = parsed.data;
  return { line, meterNumber, readAt, value: valueText, source };
}

export const readingsFeed: Feed<ReadInput> = {
  name: "readings",
  formats: ["ndjson", "csv"],
  batchSize: 5000,
  // A meter's reads must be taken in order; different meters' can be written side by side.
  lanes: 2,
  laneKey: (read) => read.meterNumber,
  parse(value, line) {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return malformed(line, "Each line is one JSON object.");
    const record = value as Record<string, unknown>;
    return readingFrom(record, line, String(record.value));
  },
  csv(header) {
    const required = ["meterNumber", "readAt", "value"];
    const known = [...required, "source"];
    if (!required.every((name) => header.includes(name)) || header.some((h) => !known.includes(h)))
      throw new AppError(
        "validation_failed",
        "The CSV header row must name meterNumber, readAt and value, and may name source.",
        { errors: [{ field: "header", message: header.join(","), code: "invalid_header" }] },
      );
    return (fields, line) => {
      if (fields.length !== header.length)
        return malformed(line, `Expected ${header.length} fields, found ${fields.length}.`);
      const record: Record<string, unknown> = Object.fromEntries(
        header.map((name, i) => [name, fields[i]]),
      );
      const text = String(record.value ?? "").trim();
      if (!DECIMAL.test(text))
        return { line, code: "not_a_number", detail: "value must be a number." };
      if (record.source === "") delete record.source;
      return readingFrom({ ...record, value: Number(text) }, line, text);
    };
  },
  apply: counted("readings", (batch) => applyReadingBatch(getDb(), batch)),
};

function parsed<T>(schema: z.ZodType<T>, value: unknown, line: number, code: Rejection["code"]) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return malformed(line, "Each line is one JSON object.");
  const result = schema.safeParse(value);
  if (result.success) return { ...result.data, line };
  const amount = (value as Record<string, unknown>).amount;
  if (amount !== undefined && (typeof amount !== "number" || !Number.isFinite(amount)))
    return { line, code: "not_a_number" as const, detail: "amount must be a number." };
  return { line, code, detail: firstIssue(result.error) };
}

export const billsFeed: Feed<BillLine & { line: number }> = {
  name: "bills",
  formats: ["ndjson"],
  batchSize: 500,
  parse: (value, line) => parsed(billLine, value, line, "invalid_bill"),
  apply: counted("bills", (batch, caller) => applyBillBatch(getDb(), actorOf(caller), batch)),
};

export const paymentsFeed: Feed<PaymentLine & { line: number }> = {
  name: "payments",
  formats: ["ndjson"],
  batchSize: 500,
  parse: (value, line) => parsed(paymentLine, value, line, "invalid_payment"),
  apply: counted("payments", (batch, caller) => applyPaymentBatch(getDb(), actorOf(caller), batch)),
};

export const isRejection = (value: unknown): value is Rejection =>
  typeof value === "object" && value !== null && "code" in value && "detail" in value;
