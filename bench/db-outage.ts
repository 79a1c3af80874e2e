/**
 * Database outage: 32 clients of mixed reads and writes against the production build, on a
 * Postgres server of the benchmark's own (a throwaway cluster started with pg_ctl), which is
 * stopped for 10 s and started again. Prints what the clients saw and what the database kept.
 *
 *   npx next build && npx tsx bench/db-outage.ts
 *
 * Needs the Postgres server programs (PG_BIN, /usr/lib/postgresql/15/bin by default). Writes
 * bench/results/db-outage.md.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { accountId } from "@/db/seed/static";
import { startThrowawayCluster } from "@/tests/support/throwaway-cluster";
import { machine } from "./support";
import { benchStack } from "./support/stack";

const CLIENTS = Number(process.env.CLIENTS ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 60);
const OUTAGE_AT = Number(process.env.OUTAGE_AT ?? 15);
const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS ?? 10);
const PORT = 14400;
const CLOCK = "2026-11-15T12:00:00Z";
/** A request still unanswered after this long is counted as hung and abandoned. */
const HUNG_MS = 30_000;

// Many clients share three logins: the per-person write limit would refuse most writes.
process.env.RATE_LIMIT_WRITE = "off";

/** Who renames which account: each login's own accounts (alice's home; bob's Acme sites). */
const renames = [
  { user: "alice", accountId: accountId("1234567890") },
  { user: "bob", accountId: accountId("9876543210") },
  { user: "bob", accountId: accountId("5555555555") },
  { user: "bob", accountId: accountId("7777777777") },
];

interface Outcome {
  status: number;
  ms: number;
  /** Seconds since the run started, when the answer came. */
  at: number;
}

/** A rename a client asked for: its nickname is unique, so the database can be searched for it. */
interface Rename {
  nickname: string;
  accountId: string;
  /** 200 on the first attempt or on the retry. */
  acknowledged: boolean;
  /** The first attempt failed in a way that does not say whether it was applied. */
  unclear: boolean;
}

async function main() {
  const cluster = await startThrowawayCluster();
  const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
  await admin.unsafe("CREATE DATABASE portal");
  await admin.end();
  const bench = await benchStack({
    portalPort: PORT,
    idpPort: 18400,
    clock: CLOCK,
    databaseUrl: cluster.url("portal"),
  });
  const base = `http://127.0.0.1:${PORT}`;
  const tokens = {
    alice: await bench.token({ user: "alice" }),
    bob: await bench.token({ user: "bob" }),
  };

  const outcomes: Outcome[] = [];
  const writes: Rename[] = [];
  let hung = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;

  async function send(
    user: keyof typeof tokens,
    method: string,
    pathname: string,
    body?: unknown,
    key?: string,
  ): Promise<number> {
    const sent = performance.now();
    let status = 0;
    try {
      const response = await fetch(`${base}${pathname}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          ...(body ? { "content-type": "application/json" } : {}),
          ...(key ? { "idempotency-key": key } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(HUNG_MS),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      if ((error as Error).name === "TimeoutError") hung++;
    }
    outcomes.push({ status, ms: performance.now() - sent, at: elapsed() });
    return status;
  }

  /** A write answered 5xx, or not at all, may or may not have been applied. */
  const unclear = (status: number) => status === 0 || status >= 500;

  async function client(n: number) {
    const target = renames[n % renames.length] as (typeof renames)[number];
    const user = target.user as keyof typeof tokens;
    for (let seq = 0; elapsed() < SECONDS; seq++) {
      switch (seq % 5) {
        case 0:
          await send(user, "GET", "/api/customer/summary");
          break;
        case 1:
          await send(user, "GET", `/api/accounts/${target.accountId}`);
          break;
        case 2: {
          const rename: Rename = {
            nickname: `Bench ${n}-${seq}`,
            accountId: target.accountId,
            acknowledged: false,
            unclear: false,
          };
          writes.push(rename);
          const key = randomUUID();
          const path = `/api/accounts/${target.accountId}`;
          const body = { nickname: rename.nickname };
          let status = await send(user, "PUT", path, body, key);
          if (unclear(status)) {
            rename.unclear = true;
            // Once, with the same key: a portal that honours it answers the first result.
            status = await send(user, "PUT", path, body, key);
          }
          rename.acknowledged = status === 200;
          break;
        }
        case 3:
          await send(user, "GET", "/api/preferences");
          break;
        default:
          await send(user, "PUT", "/api/preferences", {
            billDelivery: seq % 2 ? "email" : "paper",
          });
      }
    }
  }

  let stoppedAt = 0;
  let restartedAt = 0;
  let healthyAt = 0;
  const outage = (async () => {
    await new Promise((r) => setTimeout(r, OUTAGE_AT * 1000));
    await cluster.stop();
    stoppedAt = elapsed();
    console.log(`Database stopped at ${stoppedAt.toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, OUTAGE_SECONDS * 1000));
    await cluster.start();
    restartedAt = elapsed();
    console.log(`Database started again at ${restartedAt.toFixed(1)} s`);
    for (;;) {
      const response = await fetch(`${base}/api/health`).catch(() => null);
      if (response?.ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    healthyAt = elapsed();
  })();

  await Promise.all([...Array.from({ length: CLIENTS }, (_, n) => client(n)), outage]);

  // What the database kept: each rename's event, and the outbox row of its transaction.
  const db = postgres(cluster.url("portal"), { max: 1, onnotice: () => {} });
  const events = await db<{ nickname: string; outbox: boolean }[]>`
    SELECT e.data->>'to' AS nickname,
           EXISTS (SELECT 1 FROM outbox o
                    WHERE o.aggregate_id = (e.data->>'accountId')::uuid
                      AND o.event_type = 'AccountUpdated'
                      AND o.xmin = e.xmin) AS outbox
      FROM customer_events e
     WHERE e.type = 'AccountRenamed' AND e.data->>'to' LIKE 'Bench %'`;
  const [{ connections } = { connections: 0 }] = await db<{ connections: number }[]>`
    SELECT count(*)::int AS connections FROM pg_stat_activity
     WHERE application_name = 'energy-portal'`;
  await db.end();
  await bench.close();
  await cluster.destroy();

  const applied = new Map<string, number>();
  for (const e of events) applied.set(e.nickname, (applied.get(e.nickname) ?? 0) + 1);
  const acknowledged = writes.filter((w) => w.acknowledged);
  const missing = acknowledged.filter((w) => !applied.has(w.nickname)).length;
  const withoutOutbox = events.filter((e) => !e.outbox).length;
  const committedDespiteError = writes.filter((w) => w.unclear && applied.has(w.nickname)).length;
  const appliedTwice = [...applied.values()].filter((count) => count > 1).length;
  const errors = outcomes.filter((o) => o.status !== 200);
  const lastError = errors.reduce((last, o) => Math.max(last, o.at), 0);
  const longest = outcomes.reduce((max, o) => (o.ms > max.ms ? o : max), { ms: 0, at: 0 });
  const duringOutage = outcomes.filter((o) => o.at >= stoppedAt && o.at <= restartedAt);
  const longestDuringOutage = duringOutage.reduce((max, o) => Math.max(max, o.ms), 0);

  const rows = [
    ["requests", outcomes.length],
    ["503s", outcomes.filter((o) => o.status === 503).length],
    ["500s", outcomes.filter((o) => o.status === 500).length],
    [
      "other failures (no answer, other statuses)",
      errors.filter((o) => o.status !== 503 && o.status !== 500).length,
    ],
    [`requests hung over ${HUNG_MS / 1000} s`, hung],
    [
      "longest request (when it was answered)",
      `${(longest.ms / 1000).toFixed(2)} s (at ${longest.at.toFixed(1)} s)`,
    ],
    [
      "longest request answered while the database was down",
      `${(longestDuringOutage / 1000).toFixed(2)} s`,
    ],
    [
      "seconds from the database's start until /api/health is 200",
      (healthyAt - restartedAt).toFixed(1),
    ],
    [
      "seconds from the database's start until the last error",
      Math.max(0, lastError - restartedAt).toFixed(1),
    ],
    ["renames acknowledged", acknowledged.length],
    ["acknowledged renames missing afterwards", missing],
    ["renames missing their outbox row", withoutOutbox],
    [
      "writes that committed while their client got an error (retried once with the same Idempotency-Key)",
      committedDespiteError,
    ],
    ["retried writes applied twice", appliedTwice],
    ["portal connections open on the server at the end", connections],
  ];
  const table = ["| measure | value |", "|---|---:|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  console.log(table.join("\n"));
  const lines = [
    "# Database outage",
    "",
    `\`npx next build && npx tsx bench/db-outage.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}; production build; demo data on a throwaway Postgres 15 cluster (pg_ctl, fsync off) on this machine.`,
    "",
    `${CLIENTS} clients, each in a loop of: customer summary, account detail, account rename (a unique nickname, with an \`Idempotency-Key\`; an answer of 5xx or none is retried once with the same key), preferences, a preferences change; bearer tokens of alice and bob, the write rate limit off. ${SECONDS} s in all; the database is stopped (\`pg_ctl stop -m fast\`) at ${OUTAGE_AT} s and started again ${OUTAGE_SECONDS} s later (stopped at ${stoppedAt.toFixed(1)} s, started at ${restartedAt.toFixed(1)} s).`,
    "",
    ...table,
    "",
    "Renames are what is checked afterwards: each acknowledged one must have its `AccountRenamed` event, and each event the `AccountUpdated` outbox row written by its transaction (same `xmin`; no relay runs here, so outbox rows are not updated after). Preference changes are load only.",
  ];
  writeFileSync(path.join(import.meta.dirname, "results", "db-outage.md"), `${lines.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
