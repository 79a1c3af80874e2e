/**
 * P3: the median time of a year of one meter by day with 10^8 rows in meter_readings, against
 * the same request with 10^6 rows. The meter's reads arrive interleaved in time with every other
 * meter's, as ingestion writes them: 40 meters make 10^6 rows, 4,000 meters make 10^8, each
 * with 25,000 half-hourly reads (about 17 months). Rollups are written in the same interleaved
 * order. Both the day buckets from the rollups (what the API does) and from the raw reads
 * (what it did before) are timed.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/readings-scale.ts
 *
 * Takes about half an hour and 15 GB of disk at 10^8; ROWS=1e7 makes a smaller second set.
 * Writes bench/results/readings-scale.md.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { throwawayDatabase } from "@/bench/support/database";
import { closeDatabase, getDatabase, queryRows } from "@/db/client";
import { readReadingsPage } from "@/db/queries/readings";
import { seed } from "@/db/seed";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { addDays } from "@/lib/calendar";
import { refreshDailyUsage } from "@/lib/domain/ingest/daily-usage";
import type { ReadingsRequest } from "@/lib/readings-request";
import { machine, timeRuns } from "./support";

process.env.PORTAL_NOW = "2026-11-15T12:00:00Z";
const READS_PER_METER = 25_000;
const SLOTS_PER_CHUNK = 96;
const START = "2025-06-01";
const TARGET = Number(process.env.ROWS ?? 1e8);

interface Measured {
  rows: number;
  meters: number;
  rollups: { median: number; p95: number };
  raw: { median: number; p95: number };
  pages: number;
}

async function fill(db: ReturnType<typeof getDatabase>["db"], meters: number) {
  const [premise] = await queryRows<{ id: string; customer: string }>(
    db,
    sql`SELECT p.id, ca.customer_id AS customer FROM premises p
        JOIN customer_accounts ca ON ca.account_id = p.account_id AND ca.role = 'occupier'
        JOIN escos e ON e.id = p.esco_id WHERE e.code = 'TXE' ORDER BY p.street LIMIT 1`,
  );
  if (!premise) throw new Error("no premise");
  await db.execute(sql`INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
    SELECT ${premise.id}::uuid, 'E-Z' || lpad(n::text, 6, '0'), 'electric', 'kWh', '2024-01-01', true
    FROM generate_series(1, ${meters}) n`);
  const ids = (
    await queryRows<{ id: string }>(
      db,
      sql`SELECT id FROM meters WHERE meter_number LIKE 'E-Z%' ORDER BY meter_number`,
    )
  ).map((m) => m.id);
  const idList = `{${ids.join(",")}}`;
  const from = sql`${START}::date::timestamp AT TIME ZONE 'America/Chicago'`;
  await db.execute(
    sql`SELECT ensure_meter_reading_partitions(${from}, ${from} + make_interval(mins => ${READS_PER_METER * 30}))`,
  );
  const spent = { insert: 0, rollups: 0 };
  for (let slot = 0; slot < READS_PER_METER; slot += SLOTS_PER_CHUNK) {
    const last = Math.min(slot + SLOTS_PER_CHUNK, READS_PER_METER);
    let started = performance.now();
    await db.execute(sql`
      INSERT INTO meter_readings (meter_id, read_at, register_value, consumption, source)
      SELECT m.id, ${from} + make_interval(mins => 30 * s), 1000 + s * 0.4, 0.4, 'actual'
      FROM generate_series(${slot + 1}::int, ${last}::int) s CROSS JOIN unnest(${idList}::uuid[]) WITH ORDINALITY AS m(id, n)
      ORDER BY s, m.n`);
    spent.insert += performance.now() - started;
    started = performance.now();
    const firstDay = addDays(START, Math.floor(slot / 48) - 1);
    const lastDay = addDays(START, Math.ceil(last / 48) + 1);
    for (let i = 0; i < ids.length; i += 1000) {
      await db.transaction((tx) =>
        refreshDailyUsage(
          tx,
          ids.slice(i, i + 1000).map((meterId) => ({ meterId, firstDay, lastDay })),
        ),
      );
    }
    spent.rollups += performance.now() - started;
    if ((slot / SLOTS_PER_CHUNK) % 20 === 0)
      console.log(
        `  ${meters} meters: ${last} of ${READS_PER_METER} half hours (reads ${(spent.insert / 1000).toFixed(0)} s, rollups ${(spent.rollups / 1000).toFixed(0)} s)`,
      );
  }
  await db.execute(sql`VACUUM ANALYZE meter_readings`);
  await db.execute(sql`VACUUM ANALYZE meter_daily_usage`);
  return { meterId: ids[0] as string, customerId: premise.customer };
}

async function measure(meters: number): Promise<Measured> {
  const database = await throwawayDatabase(`readings_scale_${meters}`);
  process.env.DATABASE_URL = database.url;
  try {
    const handle = getDatabase();
    await handle.migrate();
    await seed(handle.db);
    const started = performance.now();
    const { meterId, customerId } = await fill(handle.db, meters);
    console.log(`  filled in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const [count] = await queryRows<{ n: string }>(
      handle.db,
      sql`SELECT count(*)::text AS n FROM meter_readings`,
    );
    const principal: CustomerPrincipal = {
      kind: "customer",
      subject: "bench",
      username: "bench",
      customerId,
      roles: [],
      via: "bearer",
    };
    const request: ReadingsRequest = {
      window: { kind: "date", from: "2025-11-01", to: "2026-11-01" },
      groupBy: "day",
      order: "asc",
      limit: 500,
    };
    const [heap] = await queryRows<{ pages: number }>(
      handle.db,
      sql`SELECT count(DISTINCT (ctid::text::point)[0])::int AS pages FROM meter_readings
          WHERE meter_id = ${meterId}::uuid AND read_at > '2025-11-01' AND read_at <= '2026-11-01'`,
    );
    const run = (source: "rollups" | "raw") => async () =>
      (await readReadingsPage({ principal, meterId, request, source })).body.buckets?.length ?? 0;
    const rollups = await timeRuns(run("rollups"), 30, 5);
    const raw = await timeRuns(run("raw"), 10, 2);
    if (rollups.items !== 365) throw new Error(`expected 365 days, got ${rollups.items}`);
    return { rows: Number(count?.n), meters, rollups, raw, pages: heap?.pages ?? 0 };
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

async function main() {
  const small = await measure(40);
  const large = await measure(Math.round(TARGET / READS_PER_METER));
  const ms = (r: { median: number; p95: number }) =>
    `${r.median.toFixed(1)} (p95 ${r.p95.toFixed(1)})`;
  const lines = [
    "# P3: a year by day as meter_readings grows",
    "",
    `\`DATABASE_URL=… npx tsx bench/readings-scale.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}; in-process, one connection.`,
    "",
    "The measured meter's 17,520 reads of the year sit on the heap pages shown, interleaved with every other meter's (written time slot by time slot). Milliseconds, median (p95).",
    "",
    "| rows in meter_readings | meters | heap pages of the year's reads | day buckets from rollups | from raw reads |",
    "|---:|---:|---:|---:|---:|",
    ...[small, large].map(
      (m) =>
        `| ${m.rows.toLocaleString("en")} | ${m.meters.toLocaleString("en")} | ${m.pages.toLocaleString("en")} | ${ms(m.rollups)} | ${ms(m.raw)} |`,
    ),
    "",
    `Ratio of medians, large against small: **${(large.rollups.median / small.rollups.median).toFixed(2)}×** from the rollups (goal ≤ 1.2×), ${(large.raw.median / small.raw.median).toFixed(2)}× from the raw reads.`,
  ];
  writeFileSync(
    path.join(import.meta.dirname, "results", "readings-scale.md"),
    `${lines.join("\n")}\n`,
  );
  console.log(lines.join("\n"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
