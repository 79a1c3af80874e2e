import type { FieldError, ProblemDetails } from "@/lib/errors";
import { IDEMPOTENCY_KEY_HEADER, newIdempotencyKey } from "@/lib/idempotency-key";

/** An error answered by the API, carrying its problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemDetails>,
  ) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = "ApiError";
  }

  fieldErrors(): Record<string, string> {
    return Object.fromEntries(
      (this.problem.errors ?? []).map((e: FieldError) => [e.field, e.message]),
    );
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The pause before the one retry: what `Retry-After` asks, within a couple of seconds. */
function retryDelay(response: Response | undefined): number {
  const seconds = Number(response?.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 2) * 1000 : 500;
}

/** A write worth sending again with its key: no answer at all, or "busy, come back". */
async function isRetryable(response: Response | undefined): Promise<boolean> {
  if (!response) return true;
  if (response.status === 503) return true;
  if (response.status !== 409) return false;
  const problem = (await response
    .clone()
    .json()
    .catch(() => ({}))) as Partial<ProblemDetails>;
  return problem.code === "idempotency_key_in_progress";
}

/**
 * Calls the portal's own API with the session cookie; throws ApiError on any non-2xx. Each
 * write is one logical change with its own `Idempotency-Key`: when it gets no answer (a network
 * error), a 503, or "still in progress", it is sent once more with the same key, so the server
 * applies it at most once and the retry answers the first result.
 */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const write = !SAFE_METHODS.has(method);
  if (write) headers[IDEMPOTENCY_KEY_HEADER] = newIdempotencyKey();
  const send = () =>
    fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
    });
  let response: Response | undefined;
  let failure: unknown;
  try {
    response = await send();
  } catch (error) {
    if (!write) throw error;
    failure = error;
  }
  if (write && (await isRetryable(response))) {
    await new Promise((resolve) => setTimeout(resolve, retryDelay(response)));
    response = await send();
  } else if (!response) throw failure;
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Partial<ProblemDetails>;
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
