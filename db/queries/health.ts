import { sql } from "drizzle-orm";
import { type DatabaseHandle, queryRows } from "../client";

export interface DatabaseState {
  status: "up" | "down";
  engine: DatabaseHandle["kind"];
  latencyMs: number;
  migrationsApplied?: number;
}

// Under the 2 s a load balancer is promised an answer in, while the database is down or not.
const TIMEOUT_MS = 1_500;

/** One round trip that also says how far the schema has been migrated. */
export async function checkDatabase(handle: DatabaseHandle): Promise<DatabaseState> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = queryRows<{ migrations: number }>(
      handle.db,
      sql`SELECT (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS migrations`,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database health check timed out")), TIMEOUT_MS);
    });
    const [row] = await Promise.race([probe, timeout]);
    return {
      status: "up",
      engine: handle.kind,
      latencyMs: Math.round(performance.now() - started),
      migrationsApplied: row?.migrations ?? 0,
    };
  } catch {
    return {
      status: "down",
      engine: handle.kind,
      latencyMs: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}
