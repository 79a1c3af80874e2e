import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { GET } from "@/app/api/meters/[meterId]/readings/route";
import { getDb, queryRows } from "@/db/client";
import { meterId } from "@/db/seed/static";
import { type CallResult, callRoute } from "./routes";
import { accessToken } from "./tokens";

// callRoute takes any route's handler; this one's params are typed, so widen it once here.
const handler = GET as Parameters<typeof callRoute>[0];

/** Seeded meters by number; ids are derived from the number, so tests need no lookup. */
export const meterOf = (meterNumber: string) => meterId(meterNumber);

export type Query = Record<string, string | number>;

export function readingsPath(id: string, query: Query = {}): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const qs = search.toString();
  return `/api/meters/${id}/readings${qs ? `?${qs}` : ""}`;
}

/** A meter's latest read: the seed stops at local midnight starting the clock's day. */
export async function latestRead(meter: string): Promise<{ at: number; register: number }> {
  const [row] = await queryRows<{ at: string; register: string }>(
    getDb(),
    sql`SELECT to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at,
               register_value::text AS register
        FROM meter_readings WHERE meter_id = ${meter}::uuid ORDER BY read_at DESC LIMIT 1`,
  );
  if (!row) throw new Error("no reads");
  return { at: Date.parse(row.at), register: Number(row.register) };
}

/** GET the readings of a meter as a demo user; `path` overrides the query (for next links). */
export async function getReadings(
  user: string,
  id: string,
  query: Query = {},
  options: { headers?: Record<string, string>; path?: string } = {},
): Promise<CallResult<any>> {
  return callRoute(handler, options.path ?? readingsPath(id, query), {
    token: await accessToken(user),
    params: { meterId: id },
    headers: options.headers,
  });
}

/** Follows `next` links from the first page to the last, checking each page answers 200. */
export async function allPages(user: string, id: string, query: Query): Promise<CallResult<any>[]> {
  const pages: CallResult<any>[] = [];
  let path: string | null = readingsPath(id, query);
  while (path) {
    const page = await getReadings(user, id, {}, { path });
    expect(page.status, page.text).toBe(200);
    pages.push(page);
    path = page.body.next;
  }
  return pages;
}

/** Consumption summed straight from the table over a UTC range (from, to], no API involved. */
export async function consumptionBetween(id: string, fromUtc: string, toUtc: string) {
  const [row] = await queryRows<{ total: string; reads: number }>(
    getDb(),
    sql`SELECT sum(consumption)::text AS total, count(*)::int AS reads FROM meter_readings
        WHERE meter_id = ${id}::uuid AND read_at > ${fromUtc}::timestamptz AND read_at <= ${toUtc}::timestamptz`,
  );
  return { total: Number(row?.total), reads: row?.reads ?? 0 };
}

/** RFC 4180 records, for checking downloads independently of the code that writes them. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}
