import postgres from "postgres";
import { databaseUnavailable } from "@/lib/errors";

/**
 * How long a statement may wait for a connection of the pool before it is refused as
 * `database_unavailable`. A healthy pool hands one out in milliseconds (a busy connection takes
 * more statements in its pipeline); waiting longer only happens while connections cannot be
 * made, and then a quick 503 serves the caller better than a request that hangs.
 */
const POOL_WAIT_MS = Number(process.env.DATABASE_POOL_WAIT_MS ?? 1_000);

/**
 * Reconnect attempts back off by at most half a second: the driver's own backoff grows to 20 s,
 * which kept the pool waiting long after the server was back.
 */
const backoff = (retries: number) => Math.min(0.5, 0.05 * 2 ** retries);

type Query = postgres.PendingQuery<postgres.Row[]> & {
  state?: unknown;
  reject(error: unknown): void;
};

/**
 * Arms the wait deadline on a statement given to the pool. A statement that no connection has
 * taken by then (queued, or waiting on a connection still being made) is cancelled, which takes
 * it out of the pool's queue, so it never runs after its caller was told it failed. A statement
 * a connection has taken runs to its end.
 */
function withWaitDeadline(query: Query, waitMs: number): Query {
  const timer = setTimeout(() => {
    // A connection sets the statement's state when it takes it.
    if (query.state) return;
    const reject = query.reject;
    query.reject = () => reject(databaseUnavailable(`No database connection within ${waitMs} ms.`));
    void query.cancel();
  }, waitMs);
  timer.unref();
  // Observes the statement once its caller awaits it (which is what starts it), no earlier.
  type Then = (
    onfulfilled?: ((value: unknown) => unknown) | null,
    onrejected?: ((error: unknown) => unknown) | null,
  ) => Promise<unknown>;
  const then = query.then.bind(query) as Then;
  // biome-ignore lint/suspicious/noThenProperty: the statement is a thenable; this wraps its own then.
  (query as { then: Then }).then = (onfulfilled, onrejected) =>
    then(
      (value) => {
        clearTimeout(timer);
        return onfulfilled ? onfulfilled(value) : value;
      },
      (error) => {
        clearTimeout(timer);
        if (onrejected) return onrejected(error);
        throw error;
      },
    );
  return query;
}

/**
 * The postgres.js pool of a Postgres server: connects within 2 s, lets idle connections go after a
 * minute and every connection after 30 minutes (so none outlives a failover for long), and
 * refuses statements that wait on it longer than POOL_WAIT_MS. Every statement the portal sends
 * goes through `unsafe` (Drizzle's queries, and the `begin` of each transaction), which is where
 * the deadline is armed.
 */
export function createPool(
  databaseUrl: string,
  options: { max: number; connection: Record<string, string> },
): postgres.Sql {
  const client = postgres(databaseUrl, {
    max: options.max,
    connect_timeout: 2,
    idle_timeout: 60,
    max_lifetime: 30 * 60,
    backoff,
    connection: options.connection,
    onnotice: () => {},
  });
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((...args: Parameters<typeof unsafe>) =>
    withWaitDeadline(unsafe(...args) as Query, POOL_WAIT_MS)) as typeof client.unsafe;
  return client;
}
