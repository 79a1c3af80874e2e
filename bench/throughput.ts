/**
 * P2: requests a second at 32 connections of the endpoints a dashboard leans on, each set
 * against the liveness route (no database, no auth: the framework's floor), in alternating runs
 * of wrk against the production build.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/throughput.ts
 *
 * Needs wrk (apt-get install wrk). Writes bench/results/throughput.md.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { accountId, meterId } from "@/db/seed/static";
import { machine } from "./support";
import { benchStack } from "./support/stack";

const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const PORT = 14300;

const run = promisify(execFile);

/** Runs wrk without blocking this process: the identity provider answers from it. */
async function wrk(url: string, token?: string): Promise<number> {
  const args = ["-t2", "-c32", `-d${SECONDS}s`, "--latency"];
  if (token) args.push("-H", `Authorization: Bearer ${token}`);
  const { stdout: out } = await run("wrk", [...args, url], { encoding: "utf8" });
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (non2xx) throw new Error(`${url} answered ${non2xx} errors:\n${out}`);
  return Number(rps);
}

async function main() {
  const bench = await benchStack({
    portalPort: PORT,
    idpPort: 18300,
    clock: "2026-11-15T12:00:00Z",
  });
  const base = `http://127.0.0.1:${PORT}`;
  const targets = [
    { name: "GET /api/customer/summary (Acme)", path: "/api/customer/summary", user: "bob" },
    {
      name: "GET /api/accounts/{id} (Acme headquarters)",
      path: `/api/accounts/${accountId("9876543210")}`,
      user: "bob",
    },
    {
      name: "a year of one meter by day",
      path: `/api/meters/${meterId("E-12345678")}/readings?from=2025-11-15&to=2026-11-15&groupBy=day`,
      user: "alice",
    },
  ];
  const rows: string[] = [];
  try {
    // Warm up the server's code paths and the database's caches.
    for (const target of targets)
      await wrk(`${base}${target.path}`, await bench.token({ user: target.user }));
    for (const target of targets) {
      const results: { live: number; route: number }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const live = await wrk(`${base}/api/health/live`);
        // Access tokens last five minutes: each run gets a fresh one.
        const route = await wrk(`${base}${target.path}`, await bench.token({ user: target.user }));
        results.push({ live, route });
        console.log(`${target.name}: ${route.toFixed(0)} req/s against ${live.toFixed(0)} req/s`);
      }
      const live = results.reduce((n, r) => n + r.live, 0) / results.length;
      const route = results.reduce((n, r) => n + r.route, 0) / results.length;
      rows.push(
        `| ${target.name} | ${route.toFixed(0)} | ${live.toFixed(0)} | ${(route / live).toFixed(2)}× |`,
      );
    }
  } finally {
    await bench.close();
  }
  const lines = [
    "# P2: throughput against the framework floor",
    "",
    `\`npm run build && DATABASE_URL=… npx tsx bench/throughput.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}; wrk -t2 -c32 -d${SECONDS}s on the same machine; production build; demo data; bearer tokens.`,
    "",
    `Each endpoint ran ${ROUNDS} times, each run right after a run of \`GET /api/health/live\` (no database, no auth); the figures are the means.`,
    "",
    "| endpoint | req/s | /api/health/live req/s | ratio |",
    "|---|---:|---:|---:|",
    ...rows,
    "",
    "Before the daily rollups and the token cache, the issue measured 24 req/s for the summary (0.03×) and 32 req/s for a year by day (0.04×).",
  ];
  const out = path.join(import.meta.dirname, "results", "throughput.md");
  writeFileSync(out, `${lines.join("\n")}\n`);
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
