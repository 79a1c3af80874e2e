import { sql } from "drizzle-orm";
import { type Executor, getDb, outsideRequests } from "@/db/client";
import { accessAudit } from "@/db/schema";
import type { AccessKind } from "@/db/schema/audit";
import { log, safeError } from "@/lib/log";

/**
 * The one writer of the access audit for reads. A read must not cost its request a statement,
 * so records are queued in the process and written together, in one multi-row INSERT: a second
 * after the first is queued, at once when FLUSH_ROWS are waiting, when the server stops (with
 * NEXT_MANUAL_SIG_HANDLE, lib/http/shutdown.ts writes it after draining the requests; without,
 * beside Next.js's own handlers) and when the process exits. What can be lost is what waits in
 * the queue when the process dies without that (a crash, SIGKILL, a power cut): at most FLUSH_MS
 * of reads, and never more than FLUSH_ROWS.
 */
export const FLUSH_MS = 1_000;
export const FLUSH_ROWS = 200;
/** While the database is unreachable, records wait up to this many; older ones are dropped. */
const MAX_WAITING = 20_000;

export interface AccessRecord {
  kind: AccessKind;
  actorRealm: string;
  actorSubject: string;
  actorUsername?: string | null;
  /**
   * Whose data was read. A customer's bearer token carries only their subject: for `self` the
   * customer is then found by subject when the batch is written.
   */
  customerId?: string | null;
  action: string;
  resource?: string | null;
  reason?: string | null;
  impersonationId?: string | null;
  requestId?: string | null;
}

interface Queued extends AccessRecord {
  occurredAt: string;
}

const state = globalThis as unknown as {
  accessQueue?: Queued[];
  accessTimer?: NodeJS.Timeout;
  accessFlushing?: Promise<void>;
  accessExitHook?: boolean;
};

function queue(): Queued[] {
  state.accessQueue ??= [];
  return state.accessQueue;
}

/** Queues one access; it is written within FLUSH_MS. Never throws and sends no statement. */
export function recordAccess(entry: AccessRecord): void {
  const waiting = queue();
  waiting.push({
    ...entry,
    resource: entry.resource?.slice(0, 500) ?? null,
    occurredAt: new Date().toISOString(),
  });
  if (!state.accessExitHook) {
    state.accessExitHook = true;
    process.once("beforeExit", () => void flushAccessAudit());
    // Only beside Next.js's own handlers: a listener alone would stop the signal ending the process.
    if (process.env.NEXT_RUNTIME === "nodejs" && !process.env.NEXT_MANUAL_SIG_HANDLE) {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => void flushAccessAudit());
      }
    }
  }
  // A write under way is not joined by another: the timer takes what arrives meanwhile.
  if (waiting.length >= FLUSH_ROWS && !state.accessFlushing) void flushAccessAudit();
  else if (!state.accessTimer) {
    state.accessTimer = setTimeout(() => void flushAccessAudit(), FLUSH_MS);
    state.accessTimer.unref();
  }
}

/**
 * Writes one record at once, in the caller's transaction: for accesses that must never be lost
 * and that change something anyway (starting or stopping a view, an export that lists itself).
 */
export async function writeAccess(tx: Executor, entry: AccessRecord): Promise<void> {
  await tx.insert(accessAudit).values({ ...entry, resource: entry.resource?.slice(0, 500) });
}

/** Writes every queued record now (tests call it; so do the timer and the exit hook). */
export async function flushAccessAudit(): Promise<void> {
  if (state.accessTimer) clearTimeout(state.accessTimer);
  state.accessTimer = undefined;
  // One write at a time: records queued meanwhile go in the next one.
  while (state.accessFlushing) await state.accessFlushing;
  const batch = queue().splice(0, queue().length);
  if (!batch.length) return;
  state.accessFlushing = outsideRequests(() => writeBatch(batch))
    .catch((error) => {
      log.error({ err: safeError(error), records: batch.length }, "access audit write failed");
      const waiting = queue();
      const room = Math.max(0, MAX_WAITING - waiting.length);
      waiting.unshift(...batch.slice(batch.length - Math.min(room, batch.length)));
      if (!state.accessTimer && waiting.length) {
        state.accessTimer = setTimeout(() => void flushAccessAudit(), FLUSH_MS);
        state.accessTimer.unref();
      }
    })
    .finally(() => {
      state.accessFlushing = undefined;
    });
  await state.accessFlushing;
}

/**
 * One statement for the batch: records name a customer that exists, or resolve a customer's
 * own read by their subject; an id that names no customer is dropped rather than failing the
 * rest of the batch.
 */
async function writeBatch(batch: Queued[]): Promise<void> {
  const rows = batch.map((r) => ({
    occurred_at: r.occurredAt,
    kind: r.kind,
    actor_realm: r.actorRealm,
    actor_subject: r.actorSubject,
    actor_username: r.actorUsername ?? null,
    customer_id: r.customerId ?? null,
    action: r.action,
    resource: r.resource ?? null,
    reason: r.reason ?? null,
    impersonation_id: r.impersonationId ?? null,
    request_id: r.requestId?.slice(0, 64) ?? null,
  }));
  await getDb().execute(sql`
    INSERT INTO access_audit (occurred_at, kind, actor_realm, actor_subject, actor_username, customer_id,
                              action, resource, reason, impersonation_id, request_id)
    SELECT v.occurred_at, v.kind, v.actor_realm, v.actor_subject, v.actor_username, c.id,
           v.action, v.resource, v.reason, v.impersonation_id, v.request_id
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(
           occurred_at timestamptz, kind text, actor_realm text, actor_subject text, actor_username text,
           customer_id uuid, action text, resource text, reason text, impersonation_id uuid, request_id text)
    LEFT JOIN LATERAL (
      SELECT c.id FROM customers c
      WHERE c.id = v.customer_id
         OR (v.customer_id IS NULL AND v.kind = 'self' AND c.auth_subject = v.actor_subject)
      LIMIT 1) c ON true
    WHERE c.id IS NOT NULL OR (v.customer_id IS NULL AND v.kind <> 'self')`);
}
