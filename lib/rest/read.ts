import { getDb, queryRows } from "@/db/client";
import { type ReadRow, readStatement } from "./compile-read";
import { revealBody } from "./encrypted";
import { parseRange } from "./parse-request";
import type { RestRequest } from "./request";
import { contentRange, contentType, notSingular, readStatus } from "./respond";

/** Rows one read returns at most, like PostgREST's db-max-rows: page with limit/offset or Range. */
export const MAX_ROWS = 1_000;

/**
 * The page to read: `limit`/`offset` intersected with the `Range` header, capped at MAX_ROWS.
 */
export function pageOf(
  params: { limit?: number; offset?: number },
  range: { offset: number; limit?: number } | null,
): { offset: number; limit: number } {
  let lower = params.offset ?? 0;
  let upper = params.limit === undefined ? Number.POSITIVE_INFINITY : lower + params.limit - 1;
  if (range) {
    const rangeUpper =
      range.limit === undefined ? Number.POSITIVE_INFINITY : range.offset + range.limit - 1;
    lower = Math.max(lower, range.offset);
    upper = Math.min(upper, rangeUpper);
  }
  const limit = upper === Number.POSITIVE_INFINITY ? MAX_ROWS : Math.max(0, upper - lower + 1);
  return { offset: lower, limit: Math.min(limit, MAX_ROWS) };
}

/** GET and HEAD: ONE statement, whatever is embedded, filtered or counted. */
export async function handleRead(r: RestRequest, head: boolean): Promise<Response> {
  const single = r.representation === "object";
  const params = r.query.limits.find((l) => l.path.length === 0) ?? {};
  const page = pageOf(params, parseRange(r.req.headers.get("range")));
  r.root.offset = page.offset;
  r.root.limit = page.limit;
  const [result] = await queryRows<ReadRow>(
    getDb(),
    readStatement(r.root, { count: r.prefs.count !== undefined, single, audit: true }),
  );
  if (!result) throw new Error("A read statement returned no result row");
  for (const ids of JSON.parse(result.customers ?? "[]") as (string | null)[][]) {
    for (const id of ids) if (id) r.customersRead.add(id);
  }
  if (single && result.page_total !== 1) throw notSingular(result.page_total);
  const status = single ? 200 : readStatus(page.offset, result.page_total, result.total);
  return new Response(head ? null : revealBody(result.body), {
    status,
    headers: {
      "content-type": contentType(r.representation),
      "content-range": contentRange(page.offset, result.page_total, result.total),
    },
  });
}
