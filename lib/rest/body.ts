import { refuseUnstorableText } from "@/lib/validation";
import { invalidBody, quote, RestError } from "./errors";
import type { TableSpec } from "./tables";

/** A value to write: text cast to the column's type in SQL, NULL, or the column's DEFAULT. */
export const DEFAULT = Symbol("DEFAULT");
export type Value = string | null | typeof DEFAULT;
export type Values = Record<string, Value>;

const MAX_BODY_BYTES = 1_000_000;
const MAX_ROWS = 1_000;

async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type");
  if (type && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new RestError(415, "PGRST107", `Content-Type not acceptable: ${quote(type)}`, {
      hint: "Send the body as application/json.",
    });
  }
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) {
    throw new RestError(413, "PGRST102", "The request body is too large", {
      details: `Send at most ${MAX_BODY_BYTES} bytes; split bulk inserts.`,
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalidBody(text.trim() ? "The body is not valid JSON." : "The body is empty.");
  }
  refuseUnstorableText(body);
  return body;
}

/** JSON scalars become text for the SQL cast; objects and arrays do not fit any writable column. */
function scalar(column: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new RestError(
    400,
    "22P02",
    `invalid input for column ${quote(column)}: expected a JSON scalar`,
  );
}

/** Known, and writable by this method: else PGRST204 (no such column) or 428C9 (database-managed). */
function checkColumn(spec: TableSpec, name: string, method: "insert" | "update"): void {
  const column = spec.columns.find((c) => c.name === name && c.readable);
  if (!column) {
    throw new RestError(
      400,
      "PGRST204",
      `Could not find the '${quote(name)}' column of '${spec.name}' in the schema cache`,
    );
  }
  if (!(method === "insert" ? column.insertable : column.updatable)) {
    throw new RestError(
      400,
      "428C9",
      `column "${name}" of ${spec.name} cannot be ${method === "insert" ? "set" : "changed"} through this API`,
      { hint: "It is set by the database or derived from other columns." },
    );
  }
}

/**
 * The rows of a POST: one object or an array. With `columns=` only those keys are used and a
 * missing one is NULL, or DEFAULT with `Prefer: missing=default`; without it every object must
 * have the same keys, as PostgREST requires.
 */
export async function readInsertBody(
  req: Request,
  spec: TableSpec,
  options: { columns?: string[]; missingDefault: boolean },
): Promise<{ columns: string[]; rows: Values[] }> {
  const json = await readJson(req);
  const objects = Array.isArray(json) ? json : [json];
  if (objects.length > MAX_ROWS) {
    throw invalidBody(`Insert at most ${MAX_ROWS} rows per request.`);
  }
  if (!objects.every((o) => typeof o === "object" && o !== null && !Array.isArray(o))) {
    throw invalidBody("Send a JSON object or an array of objects.");
  }
  const records = objects as Record<string, unknown>[];
  const first = Object.keys(records[0] ?? {});
  const columns = options.columns ?? first;
  if (!options.columns) {
    const expected = [...first].sort().join(",");
    if (records.some((r) => Object.keys(r).sort().join(",") !== expected)) {
      throw new RestError(400, "PGRST102", "All object keys must match", {
        hint: "Send columns= to insert objects with different keys.",
      });
    }
  }
  for (const column of columns) checkColumn(spec, column, "insert");
  const rows = records.map((record) => {
    const values: Values = {};
    for (const column of columns) {
      values[column] =
        column in record ? scalar(column, record[column]) : options.missingDefault ? DEFAULT : null;
    }
    return values;
  });
  return { columns, rows };
}

/** The changes of a PATCH: one object of columns to set on every matching row. */
export async function readUpdateBody(req: Request, spec: TableSpec): Promise<Values> {
  const json = await readJson(req);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw invalidBody("PATCH takes one JSON object: the columns to change.");
  }
  const entries = Object.entries(json);
  if (!entries.length) throw invalidBody("Name at least one column to change.");
  const values: Values = {};
  for (const [column, value] of entries) {
    checkColumn(spec, column, "update");
    values[column] = scalar(column, value);
  }
  return values;
}
