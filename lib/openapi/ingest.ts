import type { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { problem } from "@/lib/schemas/common";
import { billLine, feedOutcome, paymentLine, readingLine } from "@/lib/schemas/ingest";
import { idempotent } from "./operations";

const problemContent = { "application/problem+json": { schema: problem } };

function feed(
  summary: string,
  description: string,
  line: z.ZodType,
  csv: boolean,
): ZodOpenApiOperationObject {
  return idempotent({
    summary,
    description,
    tags: ["Feeds"],
    security: [{ serviceAccount: [] }],
    requestBody: {
      required: true,
      content: {
        "application/x-ndjson": { schema: line },
        ...(csv ? { "text/csv": { schema: { type: "string" } } } : {}),
      },
    },
    responses: {
      "200": {
        description: "Every line accounted for: accepted, duplicate or rejected with its code",
        content: { "application/json": { schema: feedOutcome } },
      },
      "400": {
        description: "The body ended early; whole batches were kept",
        content: problemContent,
      },
      "401": { description: "No valid access token", content: problemContent },
      "403": {
        description: "The token's service account lacks the feed's role",
        content: problemContent,
      },
      "415": { description: "Not NDJSON (or CSV, for readings)", content: problemContent },
      "422": { description: "A CSV header the feed cannot use", content: problemContent },
      "503": { description: "The database is unavailable", content: problemContent },
    },
  });
}

const common =
  "Service-to-service: a bearer token from the staff realm's client-credentials grant. The body " +
  "is streamed and written in batches, each in one transaction; lines are numbered from 1. The " +
  "same body sent again converges to the same state.";

/** The feeds from the meter and billing services. */
export const ingestPaths: ZodOpenApiPathsObject = {
  "/api/ingest/readings": {
    post: feed(
      "Register reads from the meter service",
      `${common} Needs the meter-feed role. One read a line, as NDJSON, or CSV with a header row naming meterNumber, readAt, value and optionally source. Idempotent on (meter, readAt): an actual read replaces an estimated or customer one, and the next read's consumption is recomputed.`,
      readingLine,
      true,
    ),
  },
  "/api/ingest/bills": {
    post: feed(
      "Bills from the billing service",
      `${common} Needs the billing-feed role. Keyed by billId: a bill sent again with changes updates its status and amounts. A new bill emits BillIssued.`,
      billLine,
      false,
    ),
  },
  "/api/ingest/payments": {
    post: feed(
      "Payments from the billing service",
      `${common} Needs the billing-feed role. Keyed by paymentId; a payment lowers the balance at once and emits PaymentReceived.`,
      paymentLine,
      false,
    ),
  },
};
