import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError, type FieldError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "./pagination";

export const readingGroupings = ["none", "hour", "day", "week", "month"] as const;
export type ReadingGrouping = (typeof readingGroupings)[number];
export const readingOrders = ["asc", "desc"] as const;
export type ReadingOrder = (typeof readingOrders)[number];

export const readingsFormats = ["json", "csv", "atom"] as const;
export type ReadingsFormat = (typeof readingsFormats)[number];

export const MAX_READINGS_LIMIT = 5000;
const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;

/** The query of GET /api/meters/{meterId}/readings once zod has checked each field on its own. */
export interface ReadingsQuery {
  from?: string;
  to?: string;
  order: ReadingOrder;
  groupBy: ReadingGrouping;
  limit?: number;
  cursor?: string;
  format?: ReadingsFormat;
}

/**
 * Dates are local days in the meter's ESCO timezone, which only the database knows, so they
 * travel as dates and become instants in SQL. `latest` asks SQL for the default window that
 * ends with the current local day.
 */
export type ReadingsWindow =
  | { kind: "date"; from: string; to: string }
  | { kind: "instant"; from: string; to: string }
  | { kind: "latest" };

export interface ReadingsRequest {
  window: ReadingsWindow;
  groupBy: ReadingGrouping;
  order: ReadingOrder;
  limit: number;
  /** Keyset position: the last read time (raw) or bucket start (grouped) already sent. */
  after?: string;
}

function invalid(detail: string, error: FieldError): AppError {
  return new AppError("validation_failed", detail, { errors: [error] });
}

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const epochOf = (value: string) => Date.parse(isDate(value) ? `${value}T00:00:00Z` : value);

/** Both bounds or neither, of one form, in order, and at most 400 days apart. */
export function resolveWindow(from?: string, to?: string): ReadingsWindow {
  if (!from && !to) return { kind: "latest" };
  if (!from || !to) {
    throw invalid("Give both from and to, or neither.", {
      field: from ? "to" : "from",
      message: "Required with the other bound",
      code: "required",
    });
  }
  if (isDate(from) !== isDate(to)) {
    throw invalid("from and to must both be dates or both date-times.", {
      field: "to",
      message: "Use the same form as from",
      code: "mismatched_bounds",
    });
  }
  // Date spans count calendar days, so a window over a DST change still holds 400 local days.
  const span = epochOf(to) - epochOf(from);
  if (!(span > 0)) {
    throw invalid("The window must end after it starts.", {
      field: "to",
      message: "Must be after from",
      code: "out_of_range",
    });
  }
  if (span > MAX_WINDOW_DAYS * DAY_MS) {
    throw invalid(`The window may span at most ${MAX_WINDOW_DAYS} days.`, {
      field: "to",
      message: `At most ${MAX_WINDOW_DAYS} days after from`,
      code: "out_of_range",
    });
  }
  // Instants go to SQL as given: Postgres keeps the microseconds a JS Date would drop.
  return { kind: isDate(from) ? "date" : "instant", from, to };
}

export function defaultLimit(groupBy: ReadingGrouping): number {
  return groupBy === "none" ? 1000 : 500;
}

/*
 * A cursor pins the window its first page resolved, so a default window ("the last 7 days")
 * cannot slide under a client paging across midnight. It is bound to the query that issued
 * it: reused with another order, grouping or window it would skip or repeat rows.
 */
const readingsCursorKey = z.tuple([
  z.iso.datetime(),
  z.iso.datetime(),
  z.iso.datetime(),
  z.string().regex(/^[\w-]{16}$/),
]);

export interface ReadingsPosition {
  after: string;
  from: string;
  to: string;
}

function queryFingerprint(query: ReadingsQuery): string {
  const key = [query.groupBy, query.order, query.from ?? "", query.to ?? ""].join("|");
  return createHash("sha256").update(key).digest("base64url").slice(0, 16);
}

export function encodeReadingsCursor(query: ReadingsQuery, position: ReadingsPosition): string {
  return encodeCursor([position.after, position.from, position.to, queryFingerprint(query)]);
}

const badCursor = (detail: string) =>
  invalid(detail, { field: "cursor", message: "Invalid cursor", code: "invalid_cursor" });

export function decodeReadingsCursor(query: ReadingsQuery, cursor: string): ReadingsPosition {
  const [after, from, to, fingerprint] = decodeCursor(cursor, readingsCursorKey);
  if (fingerprint !== queryFingerprint(query)) {
    throw badCursor("The cursor belongs to a different query; start again without it.");
  }
  const [a, f, t] = [Date.parse(after), Date.parse(from), Date.parse(to)];
  if (!(f < t && a >= f && a <= t)) throw badCursor("The cursor is not one this API issued.");
  return { after, from, to };
}

/** The whole request, validated: 422 with field errors for anything zod could not see alone. */
export function resolveReadingsRequest(query: ReadingsQuery): ReadingsRequest {
  const window = resolveWindow(query.from, query.to);
  const base = {
    groupBy: query.groupBy,
    order: query.order,
    limit: query.limit ?? defaultLimit(query.groupBy),
  };
  if (!query.cursor) return { ...base, window };
  const position = decodeReadingsCursor(query, query.cursor);
  return {
    ...base,
    window: { kind: "instant", from: position.from, to: position.to },
    after: position.after,
  };
}

/** q-values of an Accept header for one media type, honouring `type/*` and `*\/*`. */
function quality(accept: string, type: string): number {
  const [major] = type.split("/");
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(",")) {
    const [range = "", ...params] = part.trim().toLowerCase().split(";");
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === "*/*" ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = q ? Number(q.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(value) ? value : 0 };
  }
  return best.q;
}

/** Media types of the representations other than JSON. */
const mediaTypes: Record<Exclude<ReadingsFormat, "json">, string> = {
  csv: "text/csv",
  atom: "application/atom+xml",
};

/**
 * `format` wins; otherwise CSV or a Green Button (Atom) feed only when the client prefers it to
 * JSON, and the better liked of the two when it would take either.
 */
export function chooseRepresentation(
  format: ReadingsQuery["format"],
  accept: string | null,
): ReadingsFormat {
  if (format) return format;
  if (!accept) return "json";
  let best: { format: ReadingsFormat; q: number } = {
    format: "json",
    q: quality(accept, "application/json"),
  };
  for (const [format, type] of Object.entries(mediaTypes) as [ReadingsFormat, string][]) {
    const q = quality(accept, type);
    if (q > 0 && q > best.q) best = { format, q };
  }
  return best.format;
}
