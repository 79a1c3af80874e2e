/**
 * The support console's customer search with 100,000 customers: the plan of each kind of search
 * and how long it takes.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/staff-search.ts [runs]
 *
 * Creates its own database on that server, migrates, seeds the demo data, adds 100,000
 * customers each with an account, a premise and a meter, and drops the database afterwards.
 * Prints Markdown; bench/results/staff-search.md keeps a run. Figures, not a test.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { throwawayDatabase } from "@/bench/support/database";
import { closeDatabase, getDatabase, queryRows } from "@/db/client";
import { searchCustomers, searchStatement } from "@/db/queries/staff";
import { seed } from "@/db/seed";
import { parseClockSetting } from "@/lib/clock";
import { rotatePiiKeys } from "@/lib/domain/pii-rotation";
import { machine, timeRuns } from "./support";

const CUSTOMERS = 100_000;
const runs = Number(process.argv[2] ?? 30);

const searches: [string, string][] = [
  ["name, substring", "olsen"],
  ["name, full", "Amelia Okafor"],
  ["email, exact (blind index)", "User4242@example.net"],
  ["account number prefix", "20000420"],
  ["meter number prefix", "E-B0004"],
  ["postcode prefix, any spacing", "sw1a 2"],
];

async function main() {
  const database = await throwawayDatabase("search_bench");
  process.env.DATABASE_URL = database.url;
  const lines: string[] = [];
  try {
    const { db, migrate } = getDatabase();
    await migrate();
    await seed(db, { now: parseClockSetting("2026-11-15") });
    const loading = performance.now();
    await db.transaction(async (tx) => {
      // Generated rows are consistent by construction; skipping the per-row rule triggers turns a
      // load of minutes into seconds. This is the benchmark's own throwaway database.
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`
        WITH first_names(n, i) AS (SELECT n, row_number() OVER () FROM unnest(ARRAY['Oliver','Amelia','George','Isla','Noah','Ava','Leo','Mia','Arthur','Ivy','Muhammad','Freya','Harry','Lily','Oscar','Grace','Archie','Sophia','Henry','Ella']) n),
             last_names(n, i) AS (SELECT n, row_number() OVER () FROM unnest(ARRAY['Okafor','Olsen','Patel','Jones','Williams','Brown','Taylor','Davies','Evans','Wilson','Thomas','Johnson','Roberts','Walker','Wright','Robinson','Thompson','White','Hughes','Edwards','Green','Hall','Wood','Harris','Lewis']) n)
        INSERT INTO customers (id, type, first_name, last_name, email, status)
        SELECT md5('bench-customer-' || g)::uuid, 'individual',
               (SELECT n FROM first_names WHERE i = 1 + g % 20), (SELECT n FROM last_names WHERE i = 1 + (g / 20) % 25),
               'user' || g || '@example.net', 'live'
        FROM generate_series(1, ${CUSTOMERS}) g`);
      await tx.execute(sql`
        INSERT INTO accounts (id, account_number, type)
        SELECT md5('bench-account-' || g)::uuid, (2000000000 + g)::text, 'residential' FROM generate_series(1, ${CUSTOMERS}) g`);
      await tx.execute(sql`
        INSERT INTO customer_accounts (customer_id, account_id, role)
        SELECT md5('bench-customer-' || g)::uuid, md5('bench-account-' || g)::uuid, 'occupier' FROM generate_series(1, ${CUSTOMERS}) g`);
      await tx.execute(sql`
        INSERT INTO premises (id, account_id, esco_id, street, city, zip, country, is_primary)
        SELECT md5('bench-premise-' || g)::uuid, md5('bench-account-' || g)::uuid, (SELECT id FROM escos WHERE code = 'BRX'),
               g || ' High Street', 'London',
               (ARRAY['SW1A','SE24','SW9','N1','E2','W1D','EC1V','NW3'])[1 + g % 8] || ' ' || (g % 9) || chr(65 + g % 26) || chr(65 + (g / 26) % 26),
               'GB', true
        FROM generate_series(1, ${CUSTOMERS}) g`);
      await tx.execute(sql`
        INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
        SELECT md5('bench-premise-' || g)::uuid, 'E-B' || lpad(g::text, 7, '0'), 'electric', 'kWh', '2024-01-01', true
        FROM generate_series(1, ${CUSTOMERS}) g`);
    });
    // Loaded as plain text, then encrypted as an upgrade from plain text would be.
    await rotatePiiKeys(db, { batchSize: 5_000 });
    await db.execute(sql`ANALYZE`);
    const [count] = await queryRows<{ customers: number; pg: string }>(
      db,
      sql`SELECT (SELECT count(*) FROM customers)::int AS customers, current_setting('server_version') AS pg`,
    );
    lines.push(
      "# Staff search benchmark",
      "",
      "`DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/staff-search.ts`",
      "",
      `- ${count?.customers} customers (${CUSTOMERS} generated in ${((performance.now() - loading) / 1000).toFixed(1)} s), each with an account, a premise and a meter.`,
      `- ${machine()}, Postgres ${count?.pg}; ${runs} runs of each search after 5 warm-up runs, in process (no HTTP).`,
      "",
      "| search | term | hits | median ms | p95 ms |",
      "|---|---|---|---|---|",
    );
    for (const [label, term] of searches) {
      const { median, p95, items } = await timeRuns(
        async () => (await searchCustomers(term)).length,
        runs,
      );
      lines.push(
        `| ${label} | \`${term}\` | ${items} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`,
      );
    }
    for (const [label, term] of searches) {
      const statement = searchStatement(term);
      if (!statement) continue;
      const plan = await queryRows<{ "QUERY PLAN": string }>(
        db,
        sql`EXPLAIN (ANALYZE, COSTS OFF) ${statement}`,
      );
      const text = plan.map((r) => r["QUERY PLAN"]);
      const indexes = [
        ...new Set(
          text
            .join("\n")
            .match(/on \w+_idx|using \w+_idx|Index Scan using \w+|Bitmap Index Scan on \w+/g) ?? [],
        ),
      ];
      lines.push(
        "",
        `## ${label}: \`${term}\``,
        "",
        `Indexes used: ${indexes.join(", ") || "none"}`,
        "",
        "```",
        ...text,
        "```",
      );
    }
  } finally {
    await closeDatabase();
    await database.drop();
  }
  const report = `${lines.join("\n")}\n`;
  writeFileSync(path.join(import.meta.dirname, "results", "staff-search.md"), report);
  console.log(report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
