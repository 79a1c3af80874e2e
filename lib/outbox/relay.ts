import { setTimeout as sleep } from "node:timers/promises";
import { type SQL, sql } from "drizzle-orm";
import { type Database, type Executor, queryRows } from "@/db/client";
import type { OutboxMessage, OutboxSink } from "./types";

/**
 * The outbox relay: it claims unpublished rows in id order, hands each to its sink and marks it
 * published, or counts the failure and backs off. Delivery is at least once: a crash between a
 * sink accepting an event and the commit sends it again, so consumers deduplicate by event id.
 *
 * Each aggregate's events go out in order. A batch takes an event only when every earlier
 * pending event of its aggregate is in the same batch; one that is backing off, or claimed by
 * another relay (SKIP LOCKED passes over it), holds the later ones back. After a failure the
 * rest of that aggregate's events wait for the next batch.
 */

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_PURGE_BATCH_SIZE = 1000;
const MAX_BACKOFF_SECONDS = 3600;
const MAX_ERROR_LENGTH = 1000;

/** Seconds to wait after the n-th failed delivery: 2, 4, 8, … up to an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(2 ** Math.max(attempts, 1), MAX_BACKOFF_SECONDS);
}

/** Routes each event type to one sink: a sink that names it, else the catch-all. */
export function router(sinks: readonly OutboxSink[]) {
  const named = new Map<string, OutboxSink>();
  for (const sink of sinks) for (const type of sink.eventTypes ?? []) named.set(type, sink);
  const fallback = sinks.find((sink) => !sink.eventTypes);
  return {
    sinkFor: (eventType: string) => named.get(eventType) ?? fallback,
    /** The events some sink delivers; the others stay in the outbox untouched. */
    handles: (alias: string): SQL =>
      fallback
        ? sql`true`
        : named.size
          ? sql`${sql.identifier(alias)}.event_type IN (${sql.join(
              [...named.keys()].map((type) => sql`${type}`),
              sql`, `,
            )})`
          : sql`false`,
  };
}

interface Row {
  id: number;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  payload: string;
  created_at: string;
  attempts: number;
}

async function claim(tx: Executor, handles: (alias: string) => SQL, limit: number) {
  const rows = await queryRows<Row>(
    tx,
    sql`WITH batch AS (
        SELECT o.id FROM outbox o
        WHERE o.published_at IS NULL AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
          AND ${handles("o")}
          -- Behind a backed-off event of its aggregate: never a candidate, so a stalled
          -- aggregate cannot fill every batch and starve the events after it.
          AND NOT EXISTS (
            SELECT 1 FROM outbox w
            WHERE w.aggregate_id = o.aggregate_id AND w.published_at IS NULL AND w.id < o.id
              AND w.next_attempt_at > now() AND ${handles("w")})
        ORDER BY o.id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      SELECT o.id::int AS id, o.aggregate_type, o.aggregate_id::text AS aggregate_id, o.event_type,
        o.payload::text AS payload, o.created_at::text AS created_at, o.attempts
      FROM outbox o JOIN batch b ON b.id = o.id
      WHERE NOT EXISTS (
        SELECT 1 FROM outbox e
        WHERE e.aggregate_id = o.aggregate_id AND e.published_at IS NULL AND e.id < o.id
          AND ${handles("e")} AND e.id NOT IN (SELECT id FROM batch))
      ORDER BY o.id`,
  );
  return rows.map(
    (r): OutboxMessage => ({
      id: r.id,
      aggregateType: r.aggregate_type,
      aggregateId: r.aggregate_id,
      eventType: r.event_type,
      payload: r.payload,
      createdAt: r.created_at,
      attempts: r.attempts,
    }),
  );
}

export interface BatchResult {
  claimed: number;
  published: number[];
  failed: number[];
}

/** One batch, in one transaction: claim, deliver, record the outcome. */
export async function relayBatch(
  db: Database,
  sinks: readonly OutboxSink[],
  { batchSize = DEFAULT_BATCH_SIZE }: { batchSize?: number } = {},
): Promise<BatchResult> {
  const route = router(sinks);
  return db.transaction(async (tx) => {
    const messages = await claim(tx, route.handles, batchSize);
    const published: number[] = [];
    const failures: { id: number; attempts: number; error: string }[] = [];
    const stalled = new Set<string>();
    for (const message of messages) {
      const sink = route.sinkFor(message.eventType);
      if (!sink || stalled.has(message.aggregateId)) continue;
      try {
        await sink.deliver(message, tx);
        published.push(message.id);
      } catch (error) {
        stalled.add(message.aggregateId);
        const text = error instanceof Error ? error.message : String(error);
        failures.push({
          id: message.id,
          attempts: message.attempts + 1,
          error: `${sink.name}: ${text}`.slice(0, MAX_ERROR_LENGTH),
        });
      }
    }
    if (published.length) {
      await tx.execute(sql`UPDATE outbox SET published_at = now(), next_attempt_at = NULL
        WHERE id IN (${sql.join(
          published.map((id) => sql`${id}::bigint`),
          sql`, `,
        )})`);
    }
    if (failures.length) {
      await tx.execute(sql`UPDATE outbox o SET attempts = f.attempts, last_error = f.error,
          next_attempt_at = now() + make_interval(secs => f.wait)
        FROM (VALUES ${sql.join(
          failures.map(
            (f) =>
              sql`(${f.id}::bigint, ${f.attempts}::int, ${f.error}::text, ${backoffSeconds(f.attempts)}::int)`,
          ),
          sql`, `,
        )}) AS f(id, attempts, error, wait)
        WHERE o.id = f.id`);
    }
    return { claimed: messages.length, published, failed: failures.map((f) => f.id) };
  });
}

/**
 * Deletes one batch of published rows older than the retention window (from `now`), oldest
 * first; returns how many went. Unpublished rows are never deleted, however old.
 */
export async function purgePublished(
  db: Executor,
  {
    retentionDays,
    now = new Date(),
    batchSize = DEFAULT_PURGE_BATCH_SIZE,
  }: { retentionDays: number; now?: Date; batchSize?: number },
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const rows = await queryRows<{ id: number }>(
    db,
    sql`DELETE FROM outbox WHERE id IN (
          SELECT id FROM outbox
          WHERE published_at IS NOT NULL AND published_at < ${cutoff}::timestamptz
          ORDER BY published_at LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED)
        RETURNING id::int AS id`,
  );
  return rows.length;
}

/**
 * Relays until `signal` aborts: batch after batch while there is work, then, when idle, one
 * batch of expired published rows deleted (with `retentionDays`) and a pause of `pollMs`
 * before looking again.
 */
export async function runRelay({
  db,
  sinks,
  signal,
  pollMs = 1000,
  batchSize = DEFAULT_BATCH_SIZE,
  retentionDays,
  onBatch,
}: {
  db: Database;
  sinks: readonly OutboxSink[];
  signal: AbortSignal;
  pollMs?: number;
  batchSize?: number;
  /** Published rows older than this many days are deleted; unset keeps them. */
  retentionDays?: number;
  onBatch?: (result: BatchResult & { purged: number }) => void;
}): Promise<void> {
  while (!signal.aborted) {
    const result = await relayBatch(db, sinks, { batchSize });
    if (result.claimed < batchSize) {
      const purged = retentionDays === undefined ? 0 : await purgePublished(db, { retentionDays });
      if (result.claimed || purged) onBatch?.({ ...result, purged });
      // A full purge batch means more are waiting: delete on before pausing.
      if (purged < DEFAULT_PURGE_BATCH_SIZE) {
        await sleep(pollMs, undefined, { signal }).catch(() => {});
      }
    } else {
      onBatch?.({ ...result, purged: 0 });
    }
  }
}
