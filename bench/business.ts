/**
 * P4: a business customer with 500 accounts and 2,000 meters. The customer summary, the first
 * page of accounts and the dashboard's queries, each at one connection, for customers of 5, 50
 * and 500 accounts, so the growth shows. "Before" is the same summary computed from the raw
 * reads (an instant window takes that path), which is what every request did before the rollups.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/business.ts
 *
 * Makes its own database (dropped afterwards unless KEEP=1) and writes bench/results/business.md.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { throwawayDatabase } from "@/bench/support/database";
import { closeDatabase, getDatabase, queryRows } from "@/db/client";
import { getAccountDetail, listAccounts } from "@/db/queries/accounts";
import { listRecentBills } from "@/db/queries/billing";
import { getCustomerSummary } from "@/db/queries/customers";
import { seed } from "@/db/seed";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { resolveUsageWindow } from "@/lib/usage-window";
import { machine, timeRuns } from "./support";
import { generateBusinessCustomers } from "./support/business-data";

const NOW = "2026-11-15T12:00:00Z";
process.env.PORTAL_NOW = NOW;
// One connection: the figures are of one request at a time.
process.env.DATABASE_POOL_SIZE = "1";
const DAYS = Number(process.env.DAYS ?? 292);
const SIZES = [5, 50, 500];

const asCustomer = (id: string): CustomerPrincipal => ({
  kind: "customer",
  subject: "bench",
  username: "bench",
  customerId: id,
  roles: [],
  via: "bearer",
});

async function main() {
  const database = await throwawayDatabase("business_bench");
  process.env.DATABASE_URL = database.url;
  const lines: string[] = [];
  try {
    const { db, migrate } = getDatabase();
    await migrate();
    await seed(db);
    const loading = performance.now();
    const customers = await generateBusinessCustomers(db, {
      sizes: SIZES,
      days: DAYS,
      until: NOW.slice(0, 10),
      log: (line) => console.log(line),
    });
    const loadSeconds = ((performance.now() - loading) / 1000).toFixed(0);
    const [counts] = await queryRows<{ reads: string; days: string; pg: string }>(
      db,
      sql`SELECT (SELECT count(*) FROM meter_readings)::text AS reads,
                 (SELECT count(*) FROM meter_daily_usage)::text AS days,
                 current_setting('server_version') AS pg`,
    );

    const window = resolveUsageWindow({});
    const rawWindow = resolveUsageWindow({
      from: `${window.from}T06:00:00Z`,
      to: `${window.to}T06:00:00Z`,
    });
    lines.push(
      "# P4: business customers at scale",
      "",
      `\`DATABASE_URL=… npx tsx bench/business.ts\`, ${new Date().toISOString().slice(0, 10)}; ${machine()}, PostgreSQL ${counts?.pg}, one connection.`,
      "",
      `- Data: the demo data plus customers of ${SIZES.join(", ")} accounts (four half-hourly meters an account), ${DAYS} days of reads each: ${Number(counts?.reads).toLocaleString("en")} reads and ${Number(counts?.days).toLocaleString("en")} daily rollups (loaded in ${loadSeconds} s).`,
      "- Each figure: median and p95 of 20 runs after 3 warm-up runs, in milliseconds, measured around the query functions the endpoints and the dashboard call (no HTTP).",
      "- Summary (raw reads) is the same summary over the same 30 days given as instants, which adds up the raw reads: what every summary did before the rollups.",
      "",
      "| accounts | meters | summary | summary (raw reads) | accounts, first page | dashboard |",
      "|---:|---:|---:|---:|---:|---:|",
    );
    for (const customer of customers) {
      const principal = asCustomer(customer.id);
      const ms = (r: { median: number; p95: number }) =>
        `${r.median.toFixed(1)} (p95 ${r.p95.toFixed(1)})`;
      const summary = await timeRuns(
        async () => {
          await getCustomerSummary({ principal, window });
          return 1;
        },
        20,
        3,
      );
      const raw = await timeRuns(
        async () => {
          await getCustomerSummary({ principal, window: rawWindow });
          return 1;
        },
        customer.accounts >= 500 ? 3 : 10,
        1,
      );
      const accounts = await timeRuns(
        async () => {
          return (await listAccounts({ principal, window })).accounts.length;
        },
        20,
        3,
      );
      const dashboard = await timeRuns(
        async () => {
          const [, page] = await Promise.all([
            getCustomerSummary({ principal, window }),
            listAccounts({ principal, window, options: { sort: "name" } }),
            listRecentBills({ principal, limit: 5 }),
          ]);
          const first = page.accounts[0];
          if (first) await getAccountDetail({ principal, accountId: first.accountId });
          return page.accounts.length;
        },
        20,
        3,
      );
      const row = `| ${customer.accounts} | ${customer.meters} | ${ms(summary)} | ${ms(raw)} | ${ms(accounts)} | ${ms(dashboard)} |`;
      console.log(row);
      lines.push(row);
    }
    lines.push(
      "",
      "Before this change the issue measured 19 s for the summary and 17 s for the accounts list of the 500-account customer on this kind of machine (28 million reads).",
    );
    const out = path.join(import.meta.dirname, "results", "business.md");
    writeFileSync(out, `${lines.join("\n")}\n`);
    console.log(`\nWritten to ${out}`);
  } finally {
    await closeDatabase();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
