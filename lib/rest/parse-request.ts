import { Cursor } from "./cursor";
import { parseError, quote, RestError } from "./errors";
import type { Preferences, ReadQuery } from "./grammar";
import { parseFilter, parseLogic } from "./parse-filter";
import { parseCount, parseOrder, parseSelect } from "./parse-select";

/** Longer query strings are refused outright: no legitimate admin query comes close. */
export const MAX_QUERY_LENGTH = 8_192;

/** `columns="email","name",phone` of a POST. */
export function parseColumns(raw: string): string[] {
  const cursor = new Cursor(raw);
  const columns: string[] = [];
  for (;;) {
    const name = cursor.peek() === '"' ? cursor.quoted() : cursor.take((c) => c !== ",");
    if (!name) throw parseError("columns", raw, cursor.describe("a column name"));
    columns.push(name);
    if (cursor.done) return columns;
    if (!cursor.eat(",")) throw parseError("columns", raw, cursor.describe('","'));
  }
}

/** Splits the query string into select, filters, order and paging, per embedded path. */
export function parseQuery(params: URLSearchParams): ReadQuery {
  const query: ReadQuery = { select: [{ kind: "star" }], filters: [], orders: [], limits: [] };
  const pagingFor = (path: string[]) => {
    let entry = query.limits.find((l) => l.path.join(".") === path.join("."));
    if (!entry) {
      entry = { path };
      query.limits.push(entry);
    }
    return entry;
  };
  for (const [key, value] of params) {
    if (key === "select") {
      query.select = parseSelect(value);
      continue;
    }
    if (key === "columns") {
      query.columns = parseColumns(value);
      continue;
    }
    if (key === "on_conflict") {
      throw new RestError(400, "PGRST100", "Upserts (on_conflict) are not supported by this API");
    }
    const segments = key.split(".");
    const last = segments.at(-1) as string;
    const path = segments.slice(0, -1);
    if (last === "order") {
      query.orders.push({ path, terms: parseOrder(value) });
    } else if (last === "limit" || last === "offset") {
      pagingFor(path)[last] = parseCount(last, value);
    } else if (last === "or" || last === "and") {
      const negated = path.at(-1) === "not";
      query.filters.push({
        path: negated ? path.slice(0, -1) : path,
        node: parseLogic(last, negated, value),
      });
    } else {
      query.filters.push({ path, node: parseFilter(last, value) });
    }
  }
  return query;
}

const preferenceValues: Record<string, readonly string[]> = {
  return: ["minimal", "representation", "headers-only"],
  count: ["exact", "planned", "estimated"],
  missing: ["default", "null"],
  handling: ["strict", "lenient"],
  resolution: ["merge-duplicates", "ignore-duplicates"],
};

/**
 * `Prefer: return=representation, count=exact`. Unknown preferences are ignored, as PostgREST
 * does, unless the client asked for `handling=strict`.
 */
export function parsePrefer(header: string | null): Preferences {
  const prefs: Record<string, string> = {};
  const invalid: string[] = [];
  for (const token of (header ?? "").split(",")) {
    const trimmed = token.trim();
    if (!trimmed) continue;
    const [name = "", value = ""] = trimmed.split("=", 2).map((part) => part.trim());
    if (preferenceValues[name]?.includes(value)) prefs[name] = value;
    else if (!["tx", "timezone", "max-affected", "params"].includes(name)) invalid.push(trimmed);
  }
  if (prefs.handling === "strict" && invalid.length) {
    throw new RestError(400, "PGRST122", "Invalid preferences given with handling=strict", {
      details: `Invalid preferences: ${invalid.map((p) => quote(p)).join(", ")}`,
    });
  }
  return prefs as Preferences;
}

/** `Range: 0-9` (items, inclusive); anything that is not a range is ignored, as PostgREST does. */
export function parseRange(header: string | null): { offset: number; limit?: number } | null {
  const match = /^\s*(?:items=)?(\d{1,15})-(\d{0,15})\s*$/.exec(header ?? "");
  if (!match) return null;
  const lower = Number(match[1]);
  if (!match[2]) return { offset: lower };
  const upper = Number(match[2]);
  if (upper < lower) {
    throw new RestError(416, "PGRST103", "Requested range not satisfiable", {
      details:
        "The lower boundary must be lower than or equal to the upper boundary in the Range header.",
    });
  }
  return { offset: lower, limit: upper - lower + 1 };
}

const ARRAY_TYPES = [
  "application/json",
  "application/vnd.pgrst.array+json",
  "application/*",
  "*/*",
];
const OBJECT_TYPES = ["application/vnd.pgrst.object+json", "application/vnd.pgrst.object"];

/** The response shape the Accept header asks for: a JSON array, or exactly one object. */
export function negotiate(accept: string | null): "array" | "object" {
  if (!accept?.trim()) return "array";
  const offered = accept
    .split(",")
    .map((part) => part.split(";"))
    .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
    .map(([type = ""]) => type.trim().toLowerCase());
  for (const type of offered) {
    if (OBJECT_TYPES.includes(type)) return "object";
    if (ARRAY_TYPES.includes(type)) return "array";
  }
  throw new RestError(
    406,
    "PGRST107",
    `None of these media types are available: ${quote(accept, 200)}`,
  );
}
