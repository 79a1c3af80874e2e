import { type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type postgres from "postgres";
import { tracer } from "@/lib/telemetry";

/** What the pool is doing, for the pool metrics: connections held by a statement or transaction. */
export interface PoolUse {
  /** The server and database it connects to (no credentials). */
  name: string;
  size: number;
  inUse: number;
}

const pools = new Set<PoolUse>();

/** Every Postgres pool the process opened, while it is open. */
export function poolsInUse(): readonly PoolUse[] {
  return [...pools];
}

/** A postgres.js query: a promise that runs when first awaited, through its `handle`. */
type PendingQuery = postgres.PendingQuery<postgres.Row[]> & { handle(): Promise<void> };

/** The statement's verb (`SELECT`, `INSERT`, …) names its span, as OpenTelemetry's conventions do. */
function operationOf(text: string): string {
  const match = /^\s*(?:\/\*.*?\*\/\s*)?([a-z]+)/is.exec(text);
  return match?.[1]?.toUpperCase() ?? "SQL";
}

function finish(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.name : "error",
    });
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") span.setAttribute("db.response.status_code", code);
  }
  span.end();
}

/**
 * A span for the statement from the moment postgres.js sends it until its result or error. The
 * statement's text is recorded (its values are bound parameters, never recorded).
 */
function traceQuery(query: PendingQuery, text: string, hold?: () => () => void): PendingQuery {
  const handle = query.handle.bind(query);
  let started = false;
  query.handle = () => {
    if (!started) {
      started = true;
      const onSettled = hold?.();
      const operation = operationOf(text);
      const span = tracer().startSpan(operation, {
        kind: SpanKind.CLIENT,
        attributes: {
          "db.system.name": "postgresql",
          "db.operation.name": operation,
          "db.query.text": text,
        },
      });
      // Promise's own `then`: postgres.js's would start the query a second time.
      Promise.prototype.then.call(
        query,
        () => {
          finish(span);
          onSettled?.();
        },
        (error: unknown) => {
          finish(span, error);
          onSettled?.();
        },
      );
    }
    return handle();
  };
  return query;
}

/**
 * The pool with every statement traced: `unsafe` (which Drizzle and `queryRows` send through),
 * inside transactions and savepoints too. It also counts the connections held, for the pool
 * metrics: a statement outside a transaction holds one while it runs, a transaction for its
 * whole length.
 */
export function tracedClient(client: postgres.Sql, size: number): postgres.Sql {
  const { host, port, database } = client.options;
  const use: PoolUse = { name: `${host.join(",")}:${port.join(",")}/${database}`, size, inUse: 0 };
  pools.add(use);
  const hold = () => {
    use.inUse++;
    return () => {
      use.inUse--;
    };
  };
  const wrap = (sql: postgres.Sql, topLevel: boolean): postgres.Sql =>
    new Proxy(sql, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        switch (property) {
          case "unsafe":
            return (text: string, ...rest: unknown[]) =>
              traceQuery(
                (value as (...args: unknown[]) => PendingQuery).call(target, text, ...rest),
                text,
                topLevel ? hold : undefined,
              );
          case "begin":
          case "savepoint":
            return (...args: unknown[]) => {
              const fn = args.pop() as (tx: postgres.Sql) => unknown;
              const release = topLevel ? hold() : undefined;
              const result = (value as (...a: unknown[]) => Promise<unknown>).call(
                target,
                ...args,
                (tx: postgres.Sql) => fn(wrap(tx, false)),
              );
              return release ? result.finally(release) : result;
            };
          case "end":
            return (...args: unknown[]) => {
              pools.delete(use);
              return (value as (...a: unknown[]) => Promise<void>).apply(target, args);
            };
          default:
            return value;
        }
      },
    });
  return wrap(client, true);
}
