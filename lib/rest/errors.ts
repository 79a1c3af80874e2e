/**
 * Errors of the admin REST API, shaped like PostgREST's: `{ code, message, details, hint }`.
 * Codes are PostgreSQL SQLSTATEs where the database would refuse the same thing, PostgREST's
 * `PGRSTxxx` for request errors, and a few of our own (e.g. `impersonation_read_only`).
 */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string | null;
  readonly hint: string | null;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      details?: string | null;
      hint?: string | null;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "RestError";
    this.status = status;
    this.code = code;
    this.details = options.details ?? null;
    this.hint = options.hint ?? null;
    this.headers = options.headers ?? {};
  }

  toJSON() {
    return { code: this.code, message: this.message, details: this.details, hint: this.hint };
  }
}

/** Echoes request input in messages without letting a huge value through. */
export function quote(value: string, max = 64): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** PGRST100: the query string does not follow the grammar. */
export const parseError = (what: string, input: string, details: string) =>
  new RestError(400, "PGRST100", `"failed to parse ${what} (${quote(input)})"`, { details });

export const unknownColumn = (table: string, column: string) =>
  new RestError(400, "42703", `column ${table}.${quote(column)} does not exist`);

export const unknownTable = (table: string, hint?: string) =>
  new RestError(
    404,
    "PGRST205",
    `Could not find the table 'public.${quote(table)}' in the schema cache`,
    {
      hint: hint ? `Perhaps you meant the table 'public.${hint}'` : null,
    },
  );

export const unknownRelationship = (from: string, to: string) =>
  new RestError(
    400,
    "PGRST200",
    `Could not find a relationship between '${from}' and '${quote(to)}' in the schema cache`,
    {
      details: `Searched for a foreign key relationship between '${from}' and '${quote(to)}' in the schema 'public', but no matches were found.`,
    },
  );

export const permissionDenied = (table: string) =>
  new RestError(403, "42501", `permission denied for table ${table}`);

export const invalidBody = (details: string) =>
  new RestError(400, "PGRST102", "Empty or invalid json", { details });

/** A rule of the customer domain, answered like the database constraint that backs it. */
export const ruleViolation = (
  status: 400 | 409 | 422,
  message: string,
  options: { code?: string; constraint?: string; hint?: string } = {},
) =>
  new RestError(status, options.code ?? "23514", message, {
    details: options.constraint ? `Violates ${options.constraint}.` : null,
    hint: options.hint ?? null,
  });

export function errorResponse(error: RestError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(error), {
    status: error.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...error.headers,
      ...headers,
    },
  });
}
