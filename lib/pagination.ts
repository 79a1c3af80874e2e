import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Opaque keyset cursors: the sort key of the last row sent, so pages never skip or repeat. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Reads a cursor back, checking every part of the key against `schema` before it reaches SQL. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the error below
  }
  throw new AppError("validation_failed", "The cursor is not one this API issued.", {
    errors: [{ field: "cursor", message: "Invalid cursor", code: "invalid_cursor" }],
  });
}

export const cursorKeys = {
  dateAndId: z.tuple([z.iso.date(), z.guid()]),
  instantAndId: z.tuple([z.iso.datetime(), z.guid()]),
  /** An instant with microseconds and a bigint identity (the access audit). */
  instantAndSerial: z.tuple([z.iso.datetime(), z.string().regex(/^[0-9]{1,19}$/)]),
};

export function pageQuery(maxLimit: number, defaultLimit: number) {
  return {
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    cursor: z.string().max(512).optional(),
  };
}

/** The URL of the next page: the request's own URL with the cursor replaced. */
export function nextLink(req: Request, cursor: string | null): string | null {
  if (!cursor) return null;
  const url = new URL(req.url);
  url.searchParams.set("cursor", cursor);
  return `${url.pathname}${url.search}`;
}
