/**
 * Database outage: 32 clients of mixed reads and writes against the production build, on a
 * Postgres server of the benchmark's own (a throwaway cluster started with pg_ctl), which is
 * stopped for 10 s and started again. Every write carries an Idempotency-Key and is retried with
 * it after an unclear failure, as a careful client does; among the writes are premises added
 * through the admin API, which are not idempotent by nature (each POST that runs adds a row), so
 * a write applied twice would show in the database. Prints what the clients saw and what the
 * database kept.
 *
 *   npm run build && npx tsx bench/db-outage.ts
 *
 * Needs the Postgres server programs (PG_BIN, /usr/lib/postgresql/15/bin by default). Writes
 * bench/results/db-outage.md.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { accountId, escoId } from "@/db/seed/static";
import { startThrowawayCluster } from "@/tests/support/throwaway-cluster";
import { machine } from "./support";
import {
  ATTEMPTS,
  HUNG_MS,
  retryingClients,
  WRITE_TIMEOUT_MS,
  type Write,
} from "./support/retrying-client";
import { benchStack } from "./support/stack";

const CLIENTS = Number(process.env.CLIENTS ?? 32);
const SECONDS = Number(process.env.SECONDS ?? 60);
const OUTAGE_AT = Number(process.env.OUTAGE_AT ?? 15);
const OUTAGE_SECONDS = Number(process.env.OUTAGE_SECONDS ?? 10);
const PORT = 14400;
const CLOCK = "2026-11-15T12:00:00Z";

// Many clients share a few logins: the per-person write limit and the admin API's limit would
// refuse most requests.
process.env.RATE_LIMIT_WRITE = "off";
process.env.RATE_LIMIT_REST = "off";

/** Who renames which account: each login's own accounts (alice's home; bob's Acme sites). */
const renames = [
  { user: "alice", accountId: accountId("1234567890") },
  { user: "bob", accountId: accountId("9876543210") },
  { user: "bob", accountId: accountId("5555555555") },
  { user: "bob", accountId: accountId("7777777777") },
];

/** The account the admin adds premises to: one of the benchmark's own, which no client reads. */
const BENCH_ACCOUNT_NUMBER = "4400000099";
const PREMISE = { esco_id: escoId("BRX"), street: "1 Outage Row", zip: "SW2 5SG", country: "GB" };

type WriteKind = "rename" | "premise" | "preferences";

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
    admin: await bench.token({ user: "admin", realm: "ossrep-internal" }),
  };

  const clients = retryingClients<keyof typeof tokens, WriteKind>(base, tokens);
  const { send, write, outcomes, writes, elapsed } = clients;

  // The admin's account for new premises, with the primary premise every account has.
  const account = await send(
    "admin",
    "POST",
    "/api/rest/accounts",
    { account_number: BENCH_ACCOUNT_NUMBER, type: "residential" },
    { prefer: "return=representation" },
  );
  if (account.status !== 201) throw new Error(`No bench account: ${account.body}`);
  const benchAccountId = (JSON.parse(account.body) as { id: string }[])[0]?.id as string;
  const primary = await send("admin", "POST", "/api/rest/premises", {
    ...PREMISE,
    account_id: benchAccountId,
    city: "London",
    is_primary: true,
  });
  if (primary.status !== 201) throw new Error(`No primary premise: ${primary.body}`);
  clients.start();

  async function client(n: number) {
    const target = renames[n % renames.length] as (typeof renames)[number];
    const user = target.user as keyof typeof tokens;
    for (let seq = 0; elapsed() < SECONDS; seq++) {
      switch (seq % 6) {
        case 0:
          await send(user, "GET", "/api/customer/summary");
          break;
        case 1:
          await send(user, "GET", `/api/accounts/${target.accountId}`);
          break;
        case 2: {
          const nickname = `Bench ${n}-${seq}`;
          await write(
            { kind: "rename", marker: nickname },
            {
              user,
              method: "PUT",
              pathname: `/api/accounts/${target.accountId}`,
              body: { nickname },
              success: 200,
            },
          );
          break;
        }
        case 3:
          await send(user, "GET", "/api/preferences");
          break;
        case 4:
          await write(
            { kind: "preferences", marker: "" },
            {
              user,
              method: "PUT",
              pathname: "/api/preferences",
              body: { billDelivery: seq % 2 ? "email" : "paper" },
              success: 200,
            },
          );
          break;
        default: {
          // Not idempotent by nature: every POST that runs adds a premise.
          const city = `Bench ${n}-${seq}`;
          await write(
            { kind: "premise", marker: city },
            {
              user: "admin",
              method: "POST",
              pathname: "/api/rest/premises",
              body: { ...PREMISE, account_id: benchAccountId, city, is_primary: false },
              success: 201,
              headers: { prefer: "return=representation" },
            },
          );
        }
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

  // What the database kept: each write's rows by its marker, and the outbox row of each row's
  // transaction (same xmin; no relay runs here, so outbox rows are not updated after).
  const db = postgres(cluster.url("portal"), { max: 1, onnotice: () => {} });
  const renamed = await db<{ marker: string; id: string; outbox: boolean }[]>`
    SELECT e.data->>'to' AS marker, e.id::text AS id,
           EXISTS (SELECT 1 FROM outbox o
                    WHERE o.aggregate_id = (e.data->>'accountId')::uuid
                      AND o.event_type = 'AccountUpdated'
                      AND o.xmin = e.xmin) AS outbox
      FROM customer_events e
     WHERE e.type = 'AccountRenamed' AND e.data->>'to' LIKE 'Bench %'`;
  const added = await db<{ marker: string; id: string; outbox: boolean }[]>`
    SELECT p.city AS marker, p.id::text AS id,
           EXISTS (SELECT 1 FROM outbox o
                    WHERE o.aggregate_id = p.id
                      AND o.event_type = 'PremiseAdded'
                      AND o.xmin = p.xmin) AS outbox
      FROM premises p
     WHERE p.account_id = ${benchAccountId}::uuid AND p.city LIKE 'Bench %'`;
  const [{ connections } = { connections: 0 }] = await db<{ connections: number }[]>`
    SELECT count(*)::int AS connections FROM pg_stat_activity
     WHERE application_name = 'energy-portal'`;
  await db.end();
  await bench.close();
  await cluster.destroy();

  const errors = outcomes.filter((o) => o.status !== 200 && o.status !== 201);
  // A write the client gave up on after 2 s was slow, not refused: timed apart from errors.
  const lastError = errors.filter((o) => !o.abandoned).reduce((last, o) => Math.max(last, o.at), 0);
  const abandoned = outcomes.filter((o) => o.abandoned);
  const longest = outcomes.reduce((max, o) => (o.ms > max.ms ? o : max), { ms: 0, at: 0 });
  const duringOutage = outcomes.filter((o) => o.at >= stoppedAt && o.at <= restartedAt);
  const longestDuringOutage = duringOutage.reduce((max, o) => Math.max(max, o.ms), 0);

  /** The id of the row an acknowledged POST answered (with `return=representation`). */
  const answeredId = (w: Write<WriteKind>) =>
    w.kind === "premise"
      ? (JSON.parse(w.answer?.body ?? "[]") as { id?: string }[])[0]?.id
      : undefined;

  /** What happened to one kind of write, from the clients' side and the database's. */
  function tally(kind: WriteKind, stored?: { marker: string; id: string; outbox: boolean }[]) {
    const sent = writes.filter((w) => w.kind === kind);
    const rows = new Map<string, { id: string; outbox: boolean }[]>();
    for (const row of stored ?? []) rows.set(row.marker, [...(rows.get(row.marker) ?? []), row]);
    const checked = (value: () => number) => (stored ? value() : "–");
    return [
      sent.length,
      sent.filter((w) => w.acknowledged).length,
      sent.filter((w) => w.attempts > 1).length,
      sent.filter((w) => !w.acknowledged).length,
      sent.reduce((sum, w) => sum + w.replays, 0),
      // The first attempt's answer is stored in its transaction: a replay means it committed.
      sent.filter((w) => w.firstUnclear && w.replays > 0).length,
      checked(
        () => sent.filter((w) => w.firstUnclear && w.replays === 0 && rows.has(w.marker)).length,
      ),
      checked(() => sent.filter((w) => w.acknowledged && !rows.has(w.marker)).length),
      checked(() => [...rows.values()].filter((r) => r.length > 1).length),
      checked(
        () =>
          sent.filter((w) => {
            const id = w.acknowledged ? answeredId(w) : undefined;
            return id !== undefined && rows.get(w.marker)?.[0]?.id !== id;
          }).length,
      ),
      checked(() => (stored ?? []).filter((r) => !r.outbox).length),
    ];
  }
  const kinds: [string, ReturnType<typeof tally>][] = [
    ["premise added (admin API `POST /api/rest/premises`)", tally("premise", added)],
    ["account rename (`PUT /api/accounts/{id}`)", tally("rename", renamed)],
    ["preferences change (`PUT /api/preferences`, load only)", tally("preferences")],
  ];
  const writeHeads = [
    "logical writes",
    "acknowledged",
    "retried",
    "never acknowledged",
    "answers with `Idempotency-Replayed: true`",
    "first attempt got an error but had committed (a retry answered its result, replayed)",
    "first attempt got an error and had not committed (a retry applied it)",
    "acknowledged but missing (must be 0)",
    "applied twice (must be 0)",
    "acknowledged id not the stored row's (must be 0)",
    "rows missing their outbox row (must be 0)",
  ];
  const writeTable = [
    `| measure | ${kinds.map(([name]) => name).join(" | ")} |`,
    `|---|${kinds.map(() => "---:").join("|")}|`,
    ...writeHeads.map(
      (head, i) => `| ${head} | ${kinds.map(([, values]) => values[i]).join(" | ")} |`,
    ),
  ];

  const rows = [
    ["requests", outcomes.length],
    ["503s", outcomes.filter((o) => o.status === 503).length],
    ["500s", outcomes.filter((o) => o.status === 500).length],
    [
      "other failures (no answer, other statuses)",
      errors.filter((o) => o.status !== 503 && o.status !== 500).length,
    ],
    [`requests hung over ${HUNG_MS / 1000} s`, clients.hung()],
    [
      `write attempts the client gave up on after ${WRITE_TIMEOUT_MS / 1000} s (counted above as no answer), when`,
      abandoned.length
        ? `${abandoned.length}: ${abandoned.filter((o) => o.at >= stoppedAt && o.at <= restartedAt + 5).length} while down or within 5 s of the start, the last at ${Math.max(...abandoned.map((o) => o.at)).toFixed(1)} s`
        : 0,
    ],
    [
      "409 `idempotency_key_in_progress` (the first attempt still running; retried)",
      outcomes.filter((o) => o.status === 409).length,
    ],
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
      "seconds from the database's start until the last error (other than writes given up)",
      Math.max(0, lastError - restartedAt).toFixed(1),
    ],
    ["portal connections open on the server at the end", connections],
  ];
  const table = ["| measure | value |", "|---|---:|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  console.log([...table, "", ...writeTable].join("\n"));
  const lines = [
    "# Database outage",
    "",
    `\`npm run build && npx tsx bench/db-outage.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}; production build; demo data on a throwaway Postgres 15 cluster (pg_ctl, fsync off) on this machine.`,
    "",
    `${CLIENTS} clients, each in a loop of: customer summary, account detail, account rename (a unique nickname), preferences, a preferences change, and a premise added by the admin through the admin API (a unique city, on an account of the benchmark's own that no client reads); bearer tokens of alice, bob and admin, the write and admin API rate limits off. Every write carries an \`Idempotency-Key\` of its own; an answer of 5xx, none within ${WRITE_TIMEOUT_MS / 1000} s (the client gives up on that attempt), or 409 \`idempotency_key_in_progress\` is sent again with the same key after the \`Retry-After\` asked for (else 0.5 s, doubling), ${ATTEMPTS} attempts in all. ${SECONDS} s in all; the database is stopped (\`pg_ctl stop -m fast\`) at ${OUTAGE_AT} s and started again ${OUTAGE_SECONDS} s later (stopped at ${stoppedAt.toFixed(1)} s, started at ${restartedAt.toFixed(1)} s).`,
    "",
    ...table,
    "",
    ...writeTable,
    "",
    "Afterwards the database is searched for each write's marker: a rename's `AccountRenamed` event by its nickname, a premise's row by its city, each with the outbox row written by its transaction (same `xmin`; no relay runs here, so outbox rows are not updated after). A premise added twice would be two rows with one city, whatever the order of the requests; a rename applied twice shows only when another client renamed the account in between (else a rename to the nickname the account has is a no-op). Preference changes are load only.",
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
