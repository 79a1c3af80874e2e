/**
 * Load: 64 connections for 60 s of mixed reads and writes against the production build, as
 * customers use the API (bearer tokens). Prints requests a second, p50 and p99 per operation,
 * and the errors, which must be 0.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/load.ts
 *
 * CONNECTIONS and SECONDS change the load; LABEL names the run in the results. Writes the run to
 * the top of bench/results/load.md and keeps what follows the history marker there.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { accountId, meterId } from "@/db/seed/static";
import { machine, quantile } from "./support";
import { benchStack } from "./support/stack";

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const SECONDS = Number(process.env.SECONDS ?? 60);
const WARMUP_SECONDS = 5;
const PORT = 14310;
const HISTORY = "<!-- history: kept by bench/load.ts -->";

type User = "alice" | "bob" | "carol";

interface Operation {
  name: string;
  /** How often it is picked, against the others' weights. */
  weight: number;
  request(n: number): { user: User; method: string; path: string; body?: unknown };
}

const operations: Operation[] = [
  {
    name: "GET /api/customer/summary",
    weight: 3,
    request: () => ({ user: "bob", method: "GET", path: "/api/customer/summary" }),
  },
  {
    name: "GET /api/accounts/{id}",
    weight: 3,
    request: (n) => ({
      user: n % 2 ? "bob" : "carol",
      method: "GET",
      path: `/api/accounts/${accountId("9876543210")}`,
    }),
  },
  {
    name: "GET /api/meters/{id}/readings (a year by day)",
    weight: 2,
    request: () => ({
      user: "alice",
      method: "GET",
      path: `/api/meters/${meterId("E-12345678")}/readings?from=2025-11-15&to=2026-11-15&groupBy=day`,
    }),
  },
  {
    name: "GET /api/preferences/notifications",
    weight: 2,
    request: (n) => ({
      user: n % 2 ? "alice" : "bob",
      method: "GET",
      path: "/api/preferences/notifications",
    }),
  },
  {
    name: "PUT /api/preferences/notifications",
    weight: 2,
    request: (n) => ({
      user: n % 2 ? "alice" : "bob",
      method: "PUT",
      path: "/api/preferences/notifications",
      body: { outageAlerts: n % 4 < 2, highUsageAlerts: n % 3 === 0 },
    }),
  },
  {
    name: "PUT /api/accounts/{id} (rename)",
    weight: 1,
    request: (n) => ({
      user: "alice",
      method: "PUT",
      path: `/api/accounts/${accountId("1234567890")}`,
      body: { nickname: `Home ${n % 10}` },
    }),
  },
];

const totalWeight = operations.reduce((sum, op) => sum + op.weight, 0);

function pick(n: number): Operation {
  // A fixed, even spread of operations: the same mix every run.
  let slot = (n * 7919) % totalWeight;
  for (const op of operations) {
    if (slot < op.weight) return op;
    slot -= op.weight;
  }
  return operations[0] as Operation;
}

interface Tally {
  samples: number[];
  errors: number;
  firstError?: string;
}

async function main() {
  // Three customers write here as fast as the portal answers: far past the per-customer write
  // limit, which would answer 429s and measure the limiter instead of the writes.
  process.env.RATE_LIMIT_WRITE ??= "off";
  const bench = await benchStack({
    portalPort: PORT,
    idpPort: 18310,
    clock: "2026-11-15T12:00:00Z",
  });
  const base = `http://127.0.0.1:${PORT}`;
  const tokens: Record<User, string> = {
    alice: await bench.token({ user: "alice" }),
    bob: await bench.token({ user: "bob" }),
    carol: await bench.token({ user: "carol" }),
  };
  const tallies = new Map(operations.map((op) => [op.name, { samples: [], errors: 0 } as Tally]));

  let counter = 0;
  const run = async (until: number, record: boolean) => {
    const worker = async () => {
      while (Date.now() < until) {
        const n = counter++;
        const op = pick(n);
        const { user, method, path: url, body } = op.request(n);
        const tally = tallies.get(op.name) as Tally;
        const started = performance.now();
        let failure: string | undefined;
        try {
          const response = await fetch(`${base}${url}`, {
            method,
            headers: {
              authorization: `Bearer ${tokens[user]}`,
              ...(body ? { "content-type": "application/json" } : {}),
            },
            body: body ? JSON.stringify(body) : undefined,
          });
          const text = await response.text();
          if (!response.ok) failure = `${response.status} ${text.slice(0, 200)}`;
        } catch (error) {
          failure = String(error);
        }
        if (!record) continue;
        tally.samples.push(performance.now() - started);
        if (failure) {
          tally.errors += 1;
          tally.firstError ??= failure;
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  };

  let elapsed = 0;
  try {
    console.log(`Warming up for ${WARMUP_SECONDS} s…`);
    await run(Date.now() + WARMUP_SECONDS * 1000, false);
    console.log(`${CONNECTIONS} connections for ${SECONDS} s…`);
    const started = performance.now();
    await run(Date.now() + SECONDS * 1000, true);
    elapsed = (performance.now() - started) / 1000;
  } finally {
    await bench.close();
  }

  const fmt = (ms: number) => `${Math.round(ms)}`;
  const rows: string[] = [];
  let requests = 0;
  let errors = 0;
  const all: number[] = [];
  for (const op of operations) {
    const tally = tallies.get(op.name) as Tally;
    const sorted = [...tally.samples].sort((a, b) => a - b);
    requests += sorted.length;
    errors += tally.errors;
    all.push(...sorted);
    rows.push(
      `| ${op.name} | ${sorted.length} | ${(sorted.length / elapsed).toFixed(0)} | ${fmt(quantile(sorted, 0.5))} | ${fmt(quantile(sorted, 0.99))} | ${tally.errors} |`,
    );
    if (tally.firstError) console.error(`${op.name}: first error: ${tally.firstError}`);
  }
  all.sort((a, b) => a - b);
  rows.push(
    `| **all** | ${requests} | ${(requests / elapsed).toFixed(0)} | ${fmt(quantile(all, 0.5))} | ${fmt(quantile(all, 0.99))} | ${errors} |`,
  );

  const label = process.env.LABEL ? ` (${process.env.LABEL})` : "";
  const lines = [
    "# Load: mixed reads and writes",
    "",
    `\`npm run build && DATABASE_URL=… ${CONNECTIONS === 64 ? "" : `CONNECTIONS=${CONNECTIONS} `}${SECONDS === 60 ? "" : `SECONDS=${SECONDS} `}npx tsx bench/load.ts\`${label}, ${new Date().toISOString().slice(0, 10)}; ${machine()}; the load generator, the identity provider and Postgres on the same machine; production build; demo data; bearer tokens.`,
    "",
    `${CONNECTIONS} connections for ${elapsed.toFixed(0)} s after ${WARMUP_SECONDS} s of warm-up. Latencies in ms.`,
    "",
    "| operation | requests | req/s | p50 | p99 | errors |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows,
  ];
  const out = path.join(import.meta.dirname, "results", "load.md");
  const previous = existsSync(out) ? readFileSync(out, "utf8") : "";
  const at = previous.indexOf(HISTORY);
  const history = at >= 0 ? previous.slice(at) : `${HISTORY}\n`;
  writeFileSync(out, `${lines.join("\n")}\n\n${history}`);
  console.log(lines.join("\n"));
  if (errors > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
