import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql as sqlTag } from "drizzle-orm";
import type { Logger } from "drizzle-orm/logger";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type postgres from "postgres";
import { pinnedInstant } from "@/lib/clock";
import { createPool } from "./pool";
import * as schema from "./schema";
import { tracedClient } from "./traced-client";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A database handle or an open transaction: query helpers accept either. */
export type Executor = Pick<
  Database,
  "execute" | "select" | "insert" | "update" | "delete" | "query"
>;

export interface DatabaseHandle {
  kind: "postgres" | "pglite";
  db: Database;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** A compressed copy of the embedded database's files (PGlite only). */
  dump?(): Promise<Blob>;
}

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

interface StatementLog {
  statements: string[];
  overhead: string[];
}

const statementScope = new AsyncLocalStorage<{ log: StatementLog; overhead: boolean }>();

/** Every statement the application sends passes here: it is how tests count them per request. */
const logger: Logger = {
  logQuery(query) {
    const scope = statementScope.getStore();
    if (scope) (scope.overhead ? scope.log.overhead : scope.log.statements).push(query);
    if (process.env.LOG_SQL === "1") console.debug("[sql]", query);
  },
};

/**
 * Runs `fn` and reports the SQL statements it sent: the work itself, and apart from it the
 * request pipeline's own (revocation check, rate-limit counter, read-only check).
 */
export async function recordStatements<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; statements: string[]; overhead: string[] }> {
  const log: StatementLog = { statements: [], overhead: [] };
  const result = await statementScope.run({ log, overhead: false }, fn);
  return { result, ...log };
}

/** Statements `fn` sends are the pipeline's overhead, counted apart from the request's work. */
export function asOverhead<T>(fn: () => Promise<T>): Promise<T> {
  const scope = statementScope.getStore();
  return scope ? statementScope.run({ log: scope.log, overhead: true }, fn) : fn();
}

/**
 * Runs `fn` outside any request's statement log: work a request only queued (the access audit's
 * batched write), which no request's count should include.
 */
export function outsideRequests<T>(fn: () => Promise<T>): Promise<T> {
  return statementScope.exit(() => ambientTransaction.exit(fn));
}

export function defaultPgliteDir(): string {
  return process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite");
}

/** Opens the database named by the environment: Postgres at DATABASE_URL, else embedded PGlite. */
export function openDatabase(
  env: {
    databaseUrl?: string;
    pgliteDir?: string;
    pgliteSnapshot?: string;
    /** Pins this handle's clock, whatever PORTAL_NOW says (a stack prepared for another day). */
    clock?: Date;
  } = {},
): DatabaseHandle {
  const databaseUrl = env.databaseUrl ?? process.env.DATABASE_URL;
  // SQL's portal_now() answers the instant the portal's clock is pinned to, if it is.
  const pinned = (env.clock ?? pinnedInstant())?.toISOString();
  if (databaseUrl) {
    const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
    const pool = createPool(databaseUrl, {
      max,
      connection: {
        TimeZone: "UTC",
        application_name: "energy-portal",
        // The portal's statements are small and planned often; JIT compilation only ever added
        // its own start-up time to them.
        jit: "off",
        ...(pinned ? { "portal.now": pinned } : {}),
      },
    });
    const client = tracedClient(pool, max);
    const db = drizzlePostgres(client, { schema, logger });
    return {
      kind: "postgres",
      db: db as unknown as Database,
      migrate: () => migratePostgres(db, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = env.pgliteDir ?? defaultPgliteDir();
  const snapshot = env.pgliteSnapshot ?? process.env.PGLITE_SNAPSHOT;
  if (!dataDir.startsWith("memory://"))
    mkdirSync(/*turbopackIgnore: true*/ dataDir, { recursive: true });
  const client = new PGlite({
    dataDir,
    loadDataDir: snapshot
      ? new Blob([readFileSync(/*turbopackIgnore: true*/ snapshot)])
      : undefined,
    extensions: { pg_trgm },
  });
  // Queued ahead of every other query, so JSON timestamps always come out in UTC.
  void client.exec(`SET TIME ZONE 'UTC'; SET portal.now = '${pinned ?? ""}'`);
  const db = drizzlePglite(client, { schema, logger });
  return {
    kind: "pglite",
    db: db as unknown as Database,
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
    dump: () => client.dumpDataDir("gzip"),
  };
}

const globalForDb = globalThis as unknown as {
  portalDb?: DatabaseHandle;
  portalReadDb?: DatabaseHandle;
};

/** The process-wide handle; created on first use so that importing this module is free. */
export function getDatabase(): DatabaseHandle {
  globalForDb.portalDb ??= openDatabase();
  return globalForDb.portalDb;
}

/** An open transaction that `getDb()` answers while a request's work runs inside it. */
const ambientTransaction = new AsyncLocalStorage<{ tx: Database; open: boolean }>();

/**
 * Runs `fn` with `getDb()` and `getReadDb()` answering `tx`: everything the work writes and reads
 * back is in that one transaction (its own transactions become savepoints), so what is stored
 * beside it (an idempotent write's answer) commits or rolls back with it. Work still running
 * once `fn` has settled (something queued) uses the pool again.
 */
export async function withinTransaction<T>(tx: Database, fn: () => Promise<T>): Promise<T> {
  const scope = { tx, open: true };
  try {
    return await ambientTransaction.run(scope, fn);
  } finally {
    scope.open = false;
  }
}

function ambient(): Database | undefined {
  const scope = ambientTransaction.getStore();
  return scope?.open ? scope.tx : undefined;
}

export function getDb(): Database {
  return ambient() ?? getDatabase().db;
}

/**
 * Where read-only endpoints read: a replica at DATABASE_READ_URL when one is configured, the
 * primary otherwise. A replica may lag its primary by a moment, so reads that follow a write in
 * the same request (the answer to a PUT) use getDb().
 */
export function getReadDb(): Database {
  const inTransaction = ambient();
  if (inTransaction) return inTransaction;
  const url = process.env.DATABASE_READ_URL;
  if (!url) return getDb();
  globalForDb.portalReadDb ??= openDatabase({ databaseUrl: url });
  return globalForDb.portalReadDb.db;
}

export async function closeDatabase(): Promise<void> {
  const handles = [globalForDb.portalDb, globalForDb.portalReadDb];
  globalForDb.portalDb = undefined;
  globalForDb.portalReadDb = undefined;
  await Promise.all(handles.map((handle) => handle?.close()));
}

/**
 * Hands a moved clock (PORTAL_NOW changed within this process, as tests that walk through days
 * do) to the process-wide handle. Postgres connections take the clock when they connect, so the
 * pool is replaced; PGlite's single connection is told directly, keeping its data.
 */
export async function followClock(): Promise<void> {
  const handle = globalForDb.portalDb;
  if (handle?.kind === "pglite") {
    const pinned = pinnedInstant()?.toISOString() ?? "";
    await handle.db.execute(sqlTag`SELECT set_config('portal.now', ${pinned}, false)`);
  } else await closeDatabase();
}

const dialect = new PgDialect();

/**
 * The pool's own client when `db` is a Postgres pool (not a transaction) and prepared statements
 * are on. Off with DATABASE_PREPARED_STATEMENTS=0, for a PgBouncer in transaction pooling mode,
 * which cannot keep a connection's prepared statements.
 */
function preparingClient(db: unknown): postgres.Sql | undefined {
  if (process.env.DATABASE_PREPARED_STATEMENTS === "0") return undefined;
  const client = (db as { $client?: unknown }).$client;
  return typeof client === "function" && "unsafe" in client ? (client as postgres.Sql) : undefined;
}

/**
 * Rows of a raw statement; the two drivers shape their results differently. Outside a
 * transaction on Postgres the statement is prepared by name, once per connection: the reads
 * the portal repeats (summaries, lists, readings) are then planned once, not on every request.
 */
export async function queryRows<T>(db: Pick<Database, "execute">, query: SQL): Promise<T[]> {
  const client = preparingClient(db);
  if (client) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    logger.logQuery(text, params);
    return (await client.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
  }
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
