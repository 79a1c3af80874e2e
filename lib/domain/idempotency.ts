import { AsyncLocalStorage } from "node:async_hooks";
import { and, eq, sql } from "drizzle-orm";
import {
  asOverhead,
  type Database,
  type Executor,
  getDb,
  queryRows,
  withinTransaction,
} from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { decryptPii, encryptPii } from "@/lib/pii";

/** How long a key answers its first result; older keys are purged. */
export const IDEMPOTENCY_KEY_HOURS = 24;

/** Which write a key names: its sender, method and route, and the request it was first sent with. */
export interface IdempotencyScope {
  /** Who sent it: a subject, or a service's client id. Another principal's keys are not seen. */
  principal: string;
  method: string;
  route: string;
  key: string;
  /** A hash of the request (method, path, body): the same key with another request is refused. */
  fingerprint: string;
}

/** What a write answered, as stored and replayed. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Verdict =
  | { kind: "replay"; answer: StoredAnswer }
  | { kind: "mismatch" }
  | { kind: "in_progress" };

export type Outcome<T> = { kind: "fresh"; value: T } | Verdict;

/** Set while a keyed write runs: `recordChanges` marks it as having changed something. */
const writes = new AsyncLocalStorage<{ wrote: boolean }>();

/** Called by the domain write path: the running keyed write changed something. */
export function noteWrite(): void {
  const scope = writes.getStore();
  if (scope) scope.wrote = true;
}

const cutoff = sql`portal_now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`;

function keyCondition(scope: IdempotencyScope) {
  return and(
    eq(idempotencyKeys.principal, scope.principal),
    eq(idempotencyKeys.method, scope.method),
    eq(idempotencyKeys.route, scope.route),
    eq(idempotencyKeys.key, scope.key),
  );
}

/** The first answer to this key, unexpired, judged against this request. */
async function verdictOf(db: Executor, scope: IdempotencyScope): Promise<Verdict | null> {
  const [row] = await db
    .select({ fingerprint: idempotencyKeys.fingerprint, answer: idempotencyKeys.answer })
    .from(idempotencyKeys)
    .where(and(keyCondition(scope), sql`${idempotencyKeys.createdAt} >= ${cutoff}`));
  if (!row) return null;
  if (row.fingerprint !== scope.fingerprint) return { kind: "mismatch" };
  return { kind: "replay", answer: JSON.parse(decryptPii("answer", row.answer)) as StoredAnswer };
}

/**
 * Takes the key for this transaction, or reports that another request holds it. The lock is on a
 * hash of the whole scope and ends with the transaction, so concurrent duplicates serialise: the
 * second finds the first's answer once it has committed, and is told to wait while it has not.
 */
async function claim(tx: Executor, scope: IdempotencyScope): Promise<boolean> {
  const name = JSON.stringify([scope.principal, scope.method, scope.route, scope.key]);
  const [row] = await queryRows<{ locked: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) AS locked`,
  );
  if (!row?.locked) return false;
  await dropExpired(tx, scope);
  return true;
}

/** A key past its 24 hours may still be here, awaiting the purge: it no longer counts. */
async function dropExpired(db: Executor, scope: IdempotencyScope): Promise<void> {
  await db.delete(idempotencyKeys).where(and(keyCondition(scope), sql`created_at < ${cutoff}`));
}

/**
 * Runs a write once per key. A key already answered replays that answer (or is a mismatch, when
 * the request differs); a key held by a request still running is `in_progress`. Otherwise `work`
 * runs inside one transaction with the key's claim, and `answerOf` decides what to store: its
 * answer is written in that same transaction, so a committed write always has its answer and a
 * rolled-back one leaves no key. `answerOf` returns null for an answer not worth keeping (a
 * refusal that changed nothing: a retry judges the request again).
 *
 * `converges` is for writes that already converge when repeated (the feeds, batch by batch in
 * their own transactions): they run as they are, and their answer is stored after them.
 */
export async function idempotently<T>(
  scope: IdempotencyScope,
  work: () => Promise<T>,
  answerOf: (value: T, wrote: boolean) => Promise<StoredAnswer | null>,
  options: { converges?: boolean } = {},
): Promise<Outcome<T>> {
  const prior = await asOverhead(() => verdictOf(getDb(), scope));
  if (prior) return prior;
  const store = (db: Executor, answer: StoredAnswer) =>
    asOverhead(() =>
      db
        .insert(idempotencyKeys)
        .values({
          ...scope,
          status: answer.status,
          answer: encryptPii("answer", JSON.stringify(answer)),
        })
        .onConflictDoNothing(),
    );
  if (options.converges) {
    const noted = { wrote: false };
    const value = await writes.run(noted, work);
    const answer = await answerOf(value, noted.wrote);
    if (answer) {
      await asOverhead(() => dropExpired(getDb(), scope));
      await store(getDb(), answer);
    }
    await purgeNowAndThen();
    return { kind: "fresh", value };
  }
  const outcome = await getDb().transaction(async (tx): Promise<Outcome<T>> => {
    if (!(await asOverhead(() => claim(tx, scope)))) return { kind: "in_progress" };
    const committed = await asOverhead(() => verdictOf(tx, scope));
    if (committed) return committed;
    const noted = { wrote: false };
    const value = await withinTransaction(tx as unknown as Database, () => writes.run(noted, work));
    const answer = await answerOf(value, noted.wrote);
    if (answer) await store(tx, answer);
    return { kind: "fresh", value };
  });
  if (outcome.kind === "fresh") await purgeNowAndThen();
  return outcome;
}

const PURGE_EVERY_MS = 60_000;
let lastPurge = 0;

/**
 * Keyed writes purge expired keys, once a minute per process at most. The write has committed
 * by then: a purge that fails is left to the next one, never turned into the write's failure.
 */
async function purgeNowAndThen(): Promise<void> {
  const now = Date.now();
  if (now - lastPurge < PURGE_EVERY_MS) return;
  lastPurge = now;
  await asOverhead(() => purgeIdempotencyKeys()).catch(() => {});
}

/** Removes keys past their 24 hours; returns how many. */
export async function purgeIdempotencyKeys(db: Executor = getDb()): Promise<number> {
  const removed = await db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.createdAt} < ${cutoff}`)
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}
