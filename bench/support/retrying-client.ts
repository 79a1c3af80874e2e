import { randomUUID } from "node:crypto";

/** A request still unanswered after this long is counted as hung and abandoned. */
export const HUNG_MS = 30_000;
/**
 * How long a client waits for a write's answer before it gives up on that attempt and sends the
 * write again: the attempt may still commit, which is what the key is for.
 */
export const WRITE_TIMEOUT_MS = 2_000;
/** How many times one write is sent, the first included, before the client gives up. */
export const ATTEMPTS = 5;

export interface Outcome {
  status: number;
  ms: number;
  /** Seconds since the run started, when the answer came. */
  at: number;
  /** No answer within the client's write timeout: the client gave up on it (status 0). */
  abandoned?: boolean;
}

export interface Answer {
  /** 0 when no answer came. */
  status: number;
  headers: Headers | null;
  body: string;
}

/**
 * One logical write a client made: one Idempotency-Key, sent again after an unclear failure. Its
 * marker (a nickname, a premise's city) is unique, so the database can be searched for it.
 */
export interface Write<K extends string = string> {
  kind: K;
  marker: string;
  /** The success status came, on the first attempt or a retry. */
  acknowledged: boolean;
  /** The first attempt failed in a way that does not say whether it was applied. */
  firstUnclear: boolean;
  attempts: number;
  /** Answers that came with `Idempotency-Replayed: true`. */
  replays: number;
  /** The answer that ended the write (its success, or the last failure). */
  answer?: Answer;
}

/** A write answered 5xx, or not at all, may or may not have been applied. */
export const unclear = (status: number) => status === 0 || status >= 500;

/** The first request with the key is still running: the portal asks to come back in a moment. */
const inProgress = (answer: Answer) =>
  answer.status === 409 && answer.body.includes("idempotency_key_in_progress");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * HTTP clients of one portal, recording every request's outcome, and sending writes as a careful
 * client does: each with a key of its own, sent again with the same key after an unclear failure
 * (5xx, or none within WRITE_TIMEOUT_MS) or a 409 saying the first is still running, after the
 * `Retry-After` asked for (else 0.5 s, doubling), up to ATTEMPTS times in all.
 */
export function retryingClients<U extends string, K extends string>(
  base: string,
  tokens: Record<U, string>,
) {
  const outcomes: Outcome[] = [];
  const writes: Write<K>[] = [];
  const state = { hung: 0, started: performance.now() };
  const elapsed = () => (performance.now() - state.started) / 1000;

  async function send(
    user: U,
    method: string,
    pathname: string,
    body?: unknown,
    headers: Record<string, string> = {},
    timeoutMs = HUNG_MS,
  ): Promise<Answer> {
    const sent = performance.now();
    let answer: Answer = { status: 0, headers: null, body: "" };
    let abandoned = false;
    try {
      const response = await fetch(`${base}${pathname}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          ...(body ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      if ((error as Error).name === "TimeoutError") {
        if (timeoutMs < HUNG_MS) abandoned = true;
        else state.hung++;
      }
    }
    outcomes.push({
      status: answer.status,
      ms: performance.now() - sent,
      at: elapsed(),
      ...(abandoned ? { abandoned } : {}),
    });
    return answer;
  }

  async function write(
    what: { kind: K; marker: string },
    request: {
      user: U;
      method: string;
      pathname: string;
      body: unknown;
      success: number;
      headers?: Record<string, string>;
    },
  ): Promise<Write<K>> {
    const entry: Write<K> = {
      ...what,
      acknowledged: false,
      firstUnclear: false,
      attempts: 0,
      replays: 0,
    };
    writes.push(entry);
    const key = randomUUID();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const answer = await send(
        request.user,
        request.method,
        request.pathname,
        request.body,
        { ...request.headers, "idempotency-key": key },
        WRITE_TIMEOUT_MS,
      );
      entry.attempts = attempt;
      entry.answer = answer;
      if (answer.headers?.get("idempotency-replayed") === "true") entry.replays++;
      if (attempt === 1) entry.firstUnclear = unclear(answer.status);
      if (answer.status === request.success) {
        entry.acknowledged = true;
        break;
      }
      if (!unclear(answer.status) && !inProgress(answer)) break;
      const retryAfter = Number(answer.headers?.get("retry-after"));
      await sleep(retryAfter > 0 ? retryAfter * 1000 : 500 * 2 ** (attempt - 1));
    }
    return entry;
  }

  return {
    send,
    write,
    outcomes,
    writes,
    elapsed,
    hung: () => state.hung,
    /** Forgets what was sent so far (the set-up) and starts the clock. */
    start() {
      outcomes.length = 0;
      writes.length = 0;
      state.started = performance.now();
    },
  };
}
