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
