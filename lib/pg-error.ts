import { AppError } from "@/lib/errors";

/** What both drivers report for a failed statement (postgres-js and PGlite name fields differently). */
export interface PgError {
  code: string;
  message: string;
  constraint?: string;
}

/**
 * The database error behind a failure, if any. Drizzle wraps driver errors in one whose message
 * holds the SQL text, so only the driver's own error (the cause) is ever used.
 */
export function findPgError(error: unknown): PgError | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const candidate = e as {
      code?: unknown;
      message?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
    };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      const constraint = candidate.constraint_name ?? candidate.constraint;
      return {
        code: candidate.code,
        message: typeof candidate.message === "string" ? candidate.message : "",
        constraint: typeof constraint === "string" ? constraint : undefined,
      };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * What the driver reports when the server cannot be reached or is going away: refused or timed
 * out connections, connections closed under a statement, and the server shutting down or not
 * yet accepting connections.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

/**
 * True when the database could not be reached, as opposed to a statement that failed: the one
 * place such failures are recognised, whether the driver's error is wrapped (Drizzle wraps it in
 * one holding the SQL) or the pool refused to wait any longer (`databaseUnavailable()`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AppError) return e.code === "database_unavailable";
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const inner = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.some((x) => isDatabaseUnavailable(x))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
