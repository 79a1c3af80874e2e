import type { z } from "zod";
import { AppError, type FieldError, notFound } from "@/lib/errors";
import { findUnstorableText, isUnstorableText } from "@/lib/text";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a string shaped like a UUID (any version: demo data ids are derived, not random). */
export function isId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** Ids that cannot exist answer exactly like ids the principal may not see: 404. */
export function idParam(value: string | string[] | undefined, what: string): string {
  if (!isId(value)) throw notFound(what);
  return value.toLowerCase();
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: pathOf([...issue.path, key]),
        message: "This field is not recognised",
        code: "unrecognized_field",
      }));
    }
    return [{ field: pathOf(issue.path) || "(body)", message: issue.message, code: issue.code }];
  });
}

function invalid(error: z.ZodError, where: string): AppError {
  return new AppError("validation_failed", `Some ${where} are invalid.`, {
    errors: fieldErrors(error),
  });
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where = "fields",
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error, where);
  return parsed.data;
}

function unstorable(field: string, detail: string): AppError {
  return new AppError("validation_failed", detail, {
    errors: [
      { field, message: "Remove the NUL character or unpaired surrogate", code: "invalid_text" },
    ],
  });
}

/** 422 naming the field when a body holds text the database cannot store. */
export function refuseUnstorableText(body: unknown): void {
  const field = findUnstorableText(body);
  if (field) throw unstorable(field, "Some fields hold characters that cannot be stored.");
}

/**
 * The same for a form (a server action's FormData): its names, values and file names. The
 * message names the field, since a form's error state often shows the message alone.
 */
export function refuseUnstorableFormData(form: FormData): void {
  for (const [name, value] of form) {
    const text = typeof value === "string" ? value : value.name;
    const field = isUnstorableText(name) ? "(form)" : isUnstorableText(text) ? name : null;
    if (field) {
      throw unstorable(field, `The field "${field}" holds characters that cannot be stored.`);
    }
  }
}

const MAX_BODY_BYTES = 64 * 1024;

/** The JSON body, validated: 415 if it is not JSON, 400 if it does not parse, 422 if invalid. */
export async function readJson<T extends z.ZodType>(req: Request, schema: T): Promise<z.output<T>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new AppError("bad_request", "The request body is too large.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  refuseUnstorableText(body);
  return parseWith(schema, body);
}

/** Query parameters, validated: 422 with one error per offending parameter. */
export function readQuery<T extends z.ZodType>(req: Request, schema: T): z.output<T> {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return parseWith(schema, params, "query parameters");
}
