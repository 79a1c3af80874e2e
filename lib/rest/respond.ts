import { RestError } from "./errors";

/** `Content-Range` as PostgREST writes it: `0-9/123`, `0-9/*`, or `*\/0` for an empty page. */
export function contentRange(lower: number, pageTotal: number, total: number | null): string {
  const upper = lower + pageTotal - 1;
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : "*";
  return `${range}/${total ?? "*"}`;
}

/**
 * 206 when the exact count says the page is only part of the result, 416 when the requested
 * offset lies beyond it, else 200: PostgREST's rules.
 */
export function readStatus(lower: number, pageTotal: number, total: number | null): number {
  if (total === null) return 200;
  if (lower > total) {
    throw new RestError(416, "PGRST103", "Requested range not satisfiable", {
      details: `An offset of ${lower} was requested, but there are only ${total} rows.`,
      headers: { "content-range": `*/${total}` },
    });
  }
  return pageTotal < total ? 206 : 200;
}

/** The 406 PostgREST answers when `application/vnd.pgrst.object+json` does not get one row. */
export function notSingular(rows: number): RestError {
  return new RestError(406, "PGRST116", "JSON object requested, multiple (or no) rows returned", {
    details: `The result contains ${rows} rows`,
  });
}

export function contentType(representation: "array" | "object"): string {
  return representation === "object"
    ? "application/vnd.pgrst.object+json; charset=utf-8"
    : "application/json; charset=utf-8";
}
