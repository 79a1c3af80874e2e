import type { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from "zod-openapi";
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
  return {
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
  };
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
      "201": { description: "Created", content: { "application/json": { schema } } },
      ...responses,
    },
  };
}
