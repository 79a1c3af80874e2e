/**
 * GET /api/meters/{meterId}/readings: the plan of its statement over a year of half-hourly reads
 * grouped by day, and how long pages and a CSV export take.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/readings.ts [runs]
 *
 * Creates its own database on that server, migrates and seeds it as of a fixed day, and drops it
 * afterwards. Prints Markdown; bench/results/readings.md keeps a run. Figures, not a test.
 */
import os from "node:os";
import { sql } from "drizzle-orm";
import { throwawayDatabase } from "@/bench/support/database";
import { closeDatabase, getDatabase, queryRows } from "@/db/client";
import { readingsStatement, readReadingsPage } from "@/db/queries/readings";
import { readingsCsv } from "@/db/queries/readings-csv";
import { seed } from "@/db/seed";
import { meterId as seededMeterId } from "@/db/seed/static";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import type { ReadingsRequest } from "@/lib/readings-request";
import { timeRuns } from "./support";

const AS_OF = "2026-11-15";
// The portal's clock stands on the day the data runs up to, in SQL as well as here.
process.env.PORTAL_NOW = AS_OF;
const YEAR = { kind: "date", from: "2025-11-15", to: "2026-11-15" } as const;
const METER = "E-12345678";
const runs = Number(process.argv[2] ?? 50);

async function main() {
  const database = await throwawayDatabase("readings_bench");
  process.env.DATABASE_URL = database.url;
  try {
    const handle = getDatabase();
    await handle.migrate();
    const seeding = performance.now();
    await seed(handle.db);
    const seedMs = performance.now() - seeding;
    await handle.db.execute(sql`ANALYZE`);

    const [john] = await queryRows<{ id: string }>(
      handle.db,
      sql`SELECT id FROM customers WHERE email = 'john.smith@example.com'`,
    );
    if (!john) throw new Error("The demo customer is missing");
    const principal: CustomerPrincipal = {
      kind: "customer",
      subject: "bench",
      username: "bench",
      customerId: john.id,
      roles: [],
      via: "bearer",
    };
    const meterId = seededMeterId(METER);
    const request = (groupBy: ReadingsRequest["groupBy"], limit: number): ReadingsRequest => ({
      window: YEAR,
      groupBy,
      order: "asc",
      limit,
    });
    const [counts] = await queryRows<{ meter_reads: number; all_reads: number; pg: string }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM meter_readings WHERE meter_id = ${meterId}::uuid
                    AND read_at > ${"2025-11-15T06:00:00Z"}::timestamptz
                    AND read_at <= ${"2026-11-15T06:00:00Z"}::timestamptz) AS meter_reads,
                 (SELECT count(*)::int FROM meter_readings) AS all_reads,
                 current_setting('server_version') AS pg`,
    );

    const plan = await queryRows<{ "QUERY PLAN": string }>(
      handle.db,
      sql`EXPLAIN (ANALYZE, BUFFERS) ${readingsStatement({ principal, meterId, request: request("day", 500) })}`,
    );

    const page = async (groupBy: ReadingsRequest["groupBy"], limit: number) => {
      const { body } = await readReadingsPage({
        principal,
        meterId,
        request: request(groupBy, limit),
      });
      return (body.readings ?? body.buckets ?? []).length;
    };
    const cases: [string, () => Promise<number>][] = [
      ["JSON, groupBy=none, first page (limit 1000)", () => page("none", 1000)],
      ["JSON, groupBy=none, first page (limit 5000)", () => page("none", 5000)],
      ["JSON, groupBy=day", () => page("day", 500)],
      ["JSON, groupBy=month", () => page("month", 500)],
      [
        "CSV, groupBy=none, whole year (4 statements)",
        async () => {
          const { stream } = await readingsCsv({
            principal,
            meterId,
            request: request("none", 1000),
            onError: () => {},
          });
          const text = await new Response(stream).text();
          return text.split("\r\n").length - 2;
        },
      ],
    ];
    const loadBefore = os.loadavg()[0]?.toFixed(1);
    const timings: string[] = [];
    for (const [label, fn] of cases) {
      const { median, p95, items } = await timeRuns(fn, runs);
      timings.push(`| ${label} | ${items} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`);
    }

    console.log(`## Readings: ${METER}, ${YEAR.from} to ${YEAR.to} (America/Chicago)

- Data: seeded as of ${AS_OF} in ${(seedMs / 1000).toFixed(1)} s; ${counts?.meter_reads} reads of this meter in the window, ${counts?.all_reads} reads in the table.
- Machine: ${os.cpus()[0]?.model ?? "unknown CPU"} x${os.cpus().length}, Node ${process.version}, Postgres ${counts?.pg}; load average ${loadBefore} before the timings, ${os.loadavg()[0]?.toFixed(1)} after.
- ${runs} runs of each case after 5 warm-up runs, in process through the query functions (no HTTP).

### EXPLAIN (ANALYZE, BUFFERS): groupBy=day over the year

\`\`\`
${plan.map((r) => r["QUERY PLAN"]).join("\n")}
\`\`\`

### Timings (ms)

| case | rows sent | median | p95 |
|---|---|---|---|
${timings.join("\n")}
`);
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
