import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type DatabaseHandle, queryRows } from "../client";

export interface DatabaseState {
  status: "up" | "down";
  engine: DatabaseHandle["kind"];
  latencyMs: number;
  /** Migrations this build ships (drizzle's journal) and those the database has applied. */
  migrationsExpected: number;
  migrationsApplied?: number;
  migrationsBehind?: number;
  /** Age of the oldest event the relay has not published yet; 0 when none waits. */
  outboxLagSeconds?: number;
}

// Under the 2 s a load balancer is promised an answer in, while the database is down or not.
const TIMEOUT_MS = 1_500;

let expected: number | undefined;

/** How many migrations this build carries: the entries of drizzle-kit's journal. */
export function expectedMigrations(): number {
  expected ??= (
    JSON.parse(
      readFileSync(
        path.join(/*turbopackIgnore: true*/ process.cwd(), "db/migrations/meta/_journal.json"),
        "utf8",
      ),
    ) as { entries: unknown[] }
  ).entries.length;
  return expected;
}

/**
 * One round trip that says how far the schema has been migrated and how far behind the outbox
 * relay is (the oldest unpublished event, found through the outbox's partial index).
 */
export async function checkDatabase(handle: DatabaseHandle): Promise<DatabaseState> {
  const started = performance.now();
  const migrationsExpected = expectedMigrations();
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = queryRows<{ migrations: number; outboxLag: number | null }>(
      handle.db,
      sql`SELECT (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS migrations,
        (SELECT greatest(extract(epoch FROM now() - created_at), 0)::float8
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1) AS "outboxLag"`,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database health check timed out")), TIMEOUT_MS);
    });
    const [row] = await Promise.race([probe, timeout]);
    const applied = row?.migrations ?? 0;
    return {
      status: "up",
      engine: handle.kind,
      latencyMs: Math.round(performance.now() - started),
      migrationsExpected,
      migrationsApplied: applied,
      migrationsBehind: Math.max(migrationsExpected - applied, 0),
      outboxLagSeconds: Math.round(row?.outboxLag ?? 0),
    };
  } catch {
    return {
      status: "down",
      engine: handle.kind,
      latencyMs: Math.round(performance.now() - started),
      migrationsExpected,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The oldest unpublished outbox event's age in seconds (0 when the relay is caught up). */
export async function outboxLagSeconds(handle: DatabaseHandle): Promise<number> {
  const [row] = await queryRows<{ lag: number | null }>(
    handle.db,
    sql`SELECT greatest(extract(epoch FROM now() - created_at), 0)::float8 AS lag
      FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 1`,
  );
  return row?.lag ?? 0;
}
