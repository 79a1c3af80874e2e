/**
 * Every error the API can answer with, by stable code. Responses are RFC 9457 problem details;
 * clients branch on `code`, never on `title` or `detail`.
 */
export const problemTypes = {
  bad_request: { status: 400, title: "The request could not be understood" },
  idempotency_key_invalid: {
    status: 400,
    title: "The Idempotency-Key must be 1 to 255 printable characters",
  },
  unauthenticated: { status: 401, title: "Authentication is required" },
  invalid_token: { status: 401, title: "The access token is not valid" },
  forbidden: { status: 403, title: "This action is not allowed" },
  impersonation_read_only: {
    status: 403,
    title: "Support staff viewing as a customer cannot make changes",
  },
  customer_not_live: {
    status: 403,
    title: "The account is being set up: only the profile can be changed",
  },
  customer_inactive: { status: 403, title: "An inactive customer can read but not change" },
  customer_closed: { status: 403, title: "This customer is closed and cannot use the portal" },
  not_found: { status: 404, title: "The resource was not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  not_acceptable: { status: 406, title: "The requested representation is not available" },
  conflict: { status: 409, title: "The request conflicts with the current state" },
  idempotency_key_in_progress: {
    status: 409,
    title: "A request with this Idempotency-Key is still being processed",
  },
  gone: { status: 410, title: "This is no longer available" },
  account_closed: { status: 409, title: "The account is closed and cannot be changed" },
  invalid_status_transition: { status: 409, title: "That status change is not allowed" },
  unsupported_media_type: { status: 415, title: "The request body must be JSON" },
  validation_failed: { status: 422, title: "The request has invalid fields" },
  idempotency_key_mismatch: {
    status: 422,
    title: "This Idempotency-Key was used with another request",
  },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Something went wrong on our side" },
  database_unavailable: {
    status: 503,
    title: "The service is temporarily unavailable",
    // Long enough for a restarting database to come back; the pool reconnects within a second.
    headers: { "retry-after": "5" },
  },
} as const satisfies Record<
  string,
  { status: number; title: string; headers?: Record<string, string> }
>;

export type ProblemCode = keyof typeof problemTypes;

export interface FieldError {
  /** JSON pointer-like path of the field, e.g. `mailingAddress.zip`. */
  field: string;
  message: string;
  code: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: ProblemCode;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? problemTypes[code].title);
    this.name = "AppError";
    this.code = code;
    this.status = problemTypes[code].status;
    this.errors = options.errors;
    const type = problemTypes[code] as { headers?: Record<string, string> };
    this.headers =
      type.headers || options.headers ? { ...type.headers, ...options.headers } : undefined;
  }
}

/** The database cannot be reached (down, restarting, or no connection free in time): 503. */
export const databaseUnavailable = (detail = "Please try again shortly.") =>
  new AppError("database_unavailable", detail);

export const notFound = (what = "resource") => new AppError("not_found", `No such ${what}.`);

export function problemBody(
  error: AppError,
  context: { instance?: string; requestId?: string } = {},
): ProblemDetails {
  return {
    type: `/problems/${error.code}`,
    title: problemTypes[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(context.instance ? { instance: context.instance } : {}),
    ...(context.requestId ? { requestId: context.requestId } : {}),
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function problemResponse(
  error: AppError,
  context: { instance?: string; requestId?: string } = {},
): Response {
  return new Response(JSON.stringify(problemBody(error, context)), {
    status: error.status,
    headers: {
      "content-type": "application/problem+json",
      "cache-control": "no-store",
      ...(context.requestId ? { "x-request-id": context.requestId } : {}),
      ...(error.status === 401 ? { "www-authenticate": 'Bearer realm="portal"' } : {}),
      ...error.headers,
    },
  });
}
