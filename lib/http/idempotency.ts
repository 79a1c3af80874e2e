import "server-only";
import { createHash } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import {
  type IdempotencyScope,
  idempotently,
  type StoredAnswer,
  type Verdict,
} from "@/lib/domain/idempotency";
import { AppError } from "@/lib/errors";
import {
  IDEMPOTENCY_KEY_FIELD,
  IDEMPOTENCY_KEY_HEADER,
  isIdempotencyKey,
  REPLAYED_HEADER,
} from "@/lib/idempotency-key";

/** The header's key, or null without one; anything but 1 to 255 printable characters is a 400. */
export function idempotencyKeyOf(value: string | null): string | null {
  if (value === null) return null;
  if (!isIdempotencyKey(value)) {
    throw new AppError(
      "idempotency_key_invalid",
      "Send an Idempotency-Key of 1 to 255 printable ASCII characters, e.g. a UUID.",
    );
  }
  return value;
}

/** Whose keys these are: another principal never sees them. */
function principalOf(principal: Principal): string {
  return principal.kind === "service"
    ? `service:${principal.clientId}`
    : `${principal.kind}:${principal.subject}`;
}

function fingerprint(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\u0000");
  return hash.digest("base64url");
}

/** Response headers worth replaying: what says what the body is and where the result lives. */
const KEPT_HEADERS = [
  "content-type",
  "content-range",
  "location",
  "preference-applied",
  "etag",
  "last-modified",
];

/** A verdict that is not a replay, as the error it answers. */
function refusal(verdict: Exclude<Verdict, { kind: "replay" }>): AppError {
  return verdict.kind === "mismatch"
    ? new AppError(
        "idempotency_key_mismatch",
        "This Idempotency-Key was first sent with another request: send a new key for a new request.",
      )
    : new AppError(
        "idempotency_key_in_progress",
        "The first request with this Idempotency-Key has not finished: retry in a moment.",
        { headers: { "retry-after": "1" } },
      );
}

function replay(answer: StoredAnswer): Response {
  const headers = new Headers(answer.headers);
  headers.set(REPLAYED_HEADER, "true");
  const empty = answer.status === 204 || answer.status === 304;
  return new Response(empty ? null : answer.body, { status: answer.status, headers });
}

/**
 * A write request honouring its `Idempotency-Key`: the first request with a key runs `handle`
 * once and its answer is kept (a refusal is not: a retry is judged again); the same request
 * again answers that first answer with `Idempotency-Replayed: true`, applying nothing; the key
 * with another request is a 422, and while the first still runs, a 409. The body is read for
 * the request's fingerprint (a feed's body is then held in memory while it streams).
 * Without a key, or without a principal to scope it to, `handle` simply runs.
 */
export async function withIdempotency(
  req: Request,
  principal: Principal | null,
  handle: () => Promise<Response>,
  options: { converges?: boolean } = {},
): Promise<Response> {
  const key = idempotencyKeyOf(req.headers.get(IDEMPOTENCY_KEY_HEADER));
  if (!key || !principal) return handle();
  const url = new URL(req.url);
  const body = new Uint8Array(await req.clone().arrayBuffer());
  const scope: IdempotencyScope = {
    principal: principalOf(principal),
    method: req.method.toUpperCase(),
    route: url.pathname,
    key,
    fingerprint: fingerprint(req.method.toUpperCase(), `${url.pathname}${url.search}`, body),
  };
  let answered: StoredAnswer | undefined;
  const outcome = await idempotently(
    scope,
    handle,
    async (response) => {
      // A refusal is not kept: a retry is judged again. (Handlers refuse by throwing, which
      // rolls the whole transaction back.)
      if (response.status >= 400) return null;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      answered = { status: response.status, headers, body: await response.text() };
      return answered;
    },
    options,
  );
  if (outcome.kind === "fresh") {
    // The body was read to be stored: the first answer is sent from what was stored, too.
    return answered
      ? new Response(outcome.value.status === 204 ? null : answered.body, outcome.value)
      : outcome.value;
  }
  if (outcome.kind === "replay") return replay(outcome.answer);
  throw refusal(outcome);
}

/**
 * A server action honouring the key its form sent (`IdempotencyKeyField`): the first submission
 * runs, and the same form submitted again with the key answers the first result without running
 * again. `route` names the action (Next.js's action id). Results are JSON, as form states are.
 */
export async function idempotentAction<S>(
  principal: Principal | null,
  route: string,
  input: FormData | undefined,
  work: () => Promise<S>,
  refused: (error: AppError) => S,
): Promise<S> {
  const raw = input?.get(IDEMPOTENCY_KEY_FIELD);
  if (typeof raw !== "string" || !raw || !principal) return work();
  let key: string | null;
  try {
    key = idempotencyKeyOf(raw);
  } catch (error) {
    if (error instanceof AppError) return refused(error);
    throw error;
  }
  const fields = [...(input?.entries() ?? [])]
    .filter(([name]) => name !== IDEMPOTENCY_KEY_FIELD && !name.startsWith("$ACTION"))
    .map(([name, value]) => [name, typeof value === "string" ? value : `file:${value.name}`]);
  const scope: IdempotencyScope = {
    principal: principalOf(principal),
    method: "ACTION",
    route,
    key: key as string,
    fingerprint: fingerprint("ACTION", route, JSON.stringify(fields)),
  };
  // Next.js redirects by throwing: thrown inside the transaction it would undo the write, so it
  // is caught, the write committed, and thrown again (a redirect is not replayed: not stored).
  const run = async (): Promise<{ state: S } | { thrown: unknown }> => {
    try {
      return { state: await work() };
    } catch (error) {
      if (error instanceof Error && "digest" in error) return { thrown: error };
      throw error;
    }
  };
  const outcome = await idempotently(scope, run, async (result, wrote) =>
    wrote && "state" in result
      ? { status: 200, headers: {}, body: JSON.stringify(result.state ?? null) }
      : null,
  );
  if (outcome.kind === "fresh") {
    if ("thrown" in outcome.value) throw outcome.value.thrown;
    return outcome.value.state;
  }
  if (outcome.kind === "replay") return JSON.parse(outcome.answer.body) as S;
  return refused(refusal(outcome));
}
