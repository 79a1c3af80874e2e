import { sql } from "drizzle-orm";
import { DELETE, GET, HEAD, PATCH, POST } from "@/app/api/rest/[table]/route";
import { getDb, queryRows } from "@/db/client";
import { type CallOptions, type CallResult, callRoute } from "./routes";
import { accessToken } from "./tokens";

const handlers = { GET, HEAD, POST, PATCH, DELETE };
export type RestMethod = keyof typeof handlers;

/** Staff of the internal realm, by role. */
export const staff = {
  admin: () => accessToken("admin", "ossrep-internal"),
  csr: () => accessToken("jsmith", "ossrep-internal"),
  supervisor: () => accessToken("mjones", "ossrep-internal"),
  readonly: () => accessToken("rgreen", "ossrep-internal"),
};

/**
 * Calls /api/rest/{table}?{query} in-process, as the admin unless another token is given.
 * `path` is what follows /api/rest/, e.g. `customers?select=id&status=eq.live`.
 */
export async function rest<T = any>(
  method: RestMethod,
  path: string,
  options: Omit<CallOptions, "method" | "params"> & { anonymous?: boolean } = {},
): Promise<CallResult<T>> {
  const table = path.split("?")[0] as string;
  const token = options.anonymous ? undefined : (options.token ?? (await staff.admin()));
  return callRoute<T>(handlers[method], `/api/rest/${path}`, {
    ...options,
    method,
    token,
    params: { table: decodeURIComponent(table) },
  });
}

/** A GET as the admin, expecting 200 or 206, returning the parsed body. */
export async function read<T = any>(
  path: string,
  headers: Record<string, string> = {},
): Promise<T> {
  const result = await rest<T>("GET", path, { headers });
  if (result.status !== 200 && result.status !== 206) {
    throw new Error(`GET ${path} answered ${result.status}: ${result.text}`);
  }
  return result.body;
}

/** The integration events queued for an aggregate, oldest first. */
export async function outboxFor(
  aggregateId: string,
): Promise<{ event_type: string; payload: { actor: { type: string }; data: any } }[]> {
  return queryRows(
    getDb(),
    sql`SELECT event_type, payload FROM outbox WHERE aggregate_id = ${aggregateId}::uuid ORDER BY id`,
  );
}

/** A customer's audit trail through the API, oldest first. */
export async function auditOf(customerId: string, type?: string): Promise<any[]> {
  const filter = type ? `&type=eq.${type}` : "";
  return read(`customer_events?customer_id=eq.${customerId}${filter}&order=id`);
}
