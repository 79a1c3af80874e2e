import { z } from "zod";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiResponseObject,
  ZodOpenApiResponsesObject,
} from "zod-openapi";
import { problem } from "@/lib/schemas/common";

const problemContent = { "application/problem+json": { schema: problem } };

const standardErrors = {
  "401": { description: "Not signed in, or the access token is invalid", content: problemContent },
  "403": {
    description: "Signed in, but not as a customer (or read-only)",
    content: problemContent,
  },
  "404": { description: "Not found, or not visible to this customer", content: problemContent },
  "503": { description: "The database is unavailable", content: problemContent },
} satisfies ZodOpenApiResponsesObject;

const invalid = {
  "422": { description: "Invalid body or query, with an error per field", content: problemContent },
} satisfies ZodOpenApiResponsesObject;

const security: Record<string, string[]>[] = [{ bearer: [] }, { session: [] }];

const idempotencyKeyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x20-\x7e]+$/)
    .optional()
    .meta({
      description:
        "Makes the write safe to retry: a new random key (e.g. a UUID) per change. Sent again with the same " +
        "request, the first answer is returned and nothing is applied twice. Kept 24 hours, per " +
        "caller.",
      example: "5f0c6d1e-3b7a-4c52-9a43-2f1d9c8e7b60",
    }),
});

const replayedHeader = z.object({
  "Idempotency-Replayed": z
    .literal("true")
    .optional()
    .meta({ description: "Present on the first answer replayed for a repeated Idempotency-Key" }),
});

/** An error response's description with a further reason added. */
function alsoFor(
  response: ZodOpenApiResponsesObject[`4${string}`] | undefined,
  reason: string,
): ZodOpenApiResponseObject {
  const description =
    response && "description" in response && response.description
      ? `${response.description}; or ${reason}`
      : reason[0]?.toUpperCase() + reason.slice(1);
  return { description, content: problemContent };
}

/**
 * A write with the `Idempotency-Key` header documented, with the answers it adds: 400 for an
 * invalid key, 409 while the first request with it still runs, 422 for the key with another
 * request; a replayed success carries `Idempotency-Replayed: true`.
 */
export function idempotent(operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = { ...operation.responses };
  for (const [status, response] of Object.entries(responses)) {
    if (/^2\d\d$/.test(status) && response && !("$ref" in response)) {
      responses[status as `2${string}`] = { ...response, headers: replayedHeader };
    }
  }
  return {
    ...operation,
    requestParams: { ...operation.requestParams, header: idempotencyKeyHeader },
    responses: {
      ...responses,
      "400": alsoFor(
        responses["400"],
        "the Idempotency-Key is not 1 to 255 printable characters (`idempotency_key_invalid`)",
      ),
      "409": alsoFor(
        responses["409"],
        "the first request with this Idempotency-Key is still running (`idempotency_key_in_progress`; retry after Retry-After)",
      ),
      "422": alsoFor(
        responses["422"],
        "this Idempotency-Key was first sent with another request (`idempotency_key_mismatch`)",
      ),
    },
  };
}

/** A read operation answering 200 with `schema`. */
export function read(
  summary: string,
  schema: z.ZodType,
  extra: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject {
  return {
    summary,
    security,
    ...extra,
    responses: {
      "200": { description: "OK", content: { "application/json": { schema } } },
      ...(extra.requestParams?.query ? invalid : {}),
      ...standardErrors,
    },
  };
}

/** A write operation taking `body` (if any) and answering 200 with `schema`. */
export function write(
  summary: string,
  schema: z.ZodType,
  body: z.ZodType | null,
  extra: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject {
  return idempotent({
    summary,
    security,
    ...extra,
    ...(body
      ? { requestBody: { required: true, content: { "application/json": { schema: body } } } }
      : {}),
    responses: {
      "200": { description: "Updated; the new state", content: { "application/json": { schema } } },
      "400": { description: "The body is not valid JSON", content: problemContent },
      "409": {
        description: "Conflicts with existing data (e.g. an email in use)",
        content: problemContent,
      },
      "415": { description: "The body is not application/json", content: problemContent },
      ...invalid,
      ...standardErrors,
    },
  });
}

/** A write that creates something: answers 201 with `schema` instead of 200. */
export function create(
  summary: string,
  schema: z.ZodType,
  body: z.ZodType | null,
  extra: Partial<ZodOpenApiOperationObject> = {},
): ZodOpenApiOperationObject {
  const { "200": _updated, ...responses } = write(summary, schema, body, extra).responses ?? {};
  return {
    ...write(summary, schema, body, extra),
    responses: {
      "201": {
        description: "Created",
        content: { "application/json": { schema } },
        headers: replayedHeader,
      },
      ...responses,
    },
  };
}
