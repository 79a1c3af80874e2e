import { sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db/client";
import { addDays } from "@/lib/calendar";
import { refreshDailyUsage } from "@/lib/domain/ingest/daily-usage";

export interface BusinessCustomer {
  id: string;
  accounts: number;
  meters: number;
}

/**
 * Business customers at scale for the benchmarks, written in bulk as a data migration would be:
 * `accounts` accounts each, with one premise of four half-hourly electricity meters, `days` days
 * of reads per meter up to `until` (local midnight in Chicago), monthly bills and payments, and
 * the daily rollups built from the reads by the same refresh ingestion uses.
 */
export async function generateBusinessCustomers(
  db: Database,
  options: { sizes: number[]; days: number; until: string; log?: (line: string) => void },
): Promise<BusinessCustomer[]> {
  const log = options.log ?? (() => {});
  const customers: BusinessCustomer[] = [];
  let accountBase = 8_000_000_000;
  for (const size of options.sizes) {
    const [customer] = await queryRows<{ id: string }>(
      db,
      sql`INSERT INTO customers (type, business_name, email, status)
          VALUES ('business', ${`Scale ${size} Holdings`}, ${`scale${size}@bench.example`}, 'live')
          RETURNING id`,
    );
    if (!customer) throw new Error("no customer");
    const first = accountBase;
    accountBase += size;
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        WITH a AS (
          INSERT INTO accounts (account_number, nickname, type)
          SELECT (${first}::bigint + n)::text, 'Site ' || n, 'commercial' FROM generate_series(1, ${size}) n
          RETURNING id, account_number
        ),
        linked AS (
          INSERT INTO customer_accounts (customer_id, account_id, role)
          SELECT ${customer.id}::uuid, id, 'occupier' FROM a
        ),
        p AS (
          INSERT INTO premises (account_id, esco_id, street, city, state, zip, country, is_primary)
          SELECT a.id, (SELECT id FROM escos WHERE code = 'TXE'), a.account_number || ' Commerce Way',
                 'Dallas', 'TX', '75201', 'US', true FROM a
          RETURNING id, account_id
        )
        INSERT INTO meters (premise_id, meter_number, type, unit, install_date, is_smart)
        SELECT p.id, 'E-S' || substr(a.account_number, 4) || m, 'electric', 'kWh', '2024-01-01', true
        FROM p JOIN a ON a.id = p.account_id CROSS JOIN generate_series(1, 4) m`);
    });
    const meters = await queryRows<{ id: string }>(
      db,
      sql`SELECT m.id FROM meters m JOIN premises p ON p.id = m.premise_id
          JOIN customer_accounts ca ON ca.account_id = p.account_id
          WHERE ca.customer_id = ${customer.id}::uuid ORDER BY m.meter_number`,
    );
    log(`  ${size} accounts, ${meters.length} meters: writing reads…`);
    const from = sql`(${options.until}::date - ${options.days}::int)::timestamp AT TIME ZONE 'America/Chicago'`;
    const to = sql`${options.until}::date::timestamp AT TIME ZONE 'America/Chicago'`;
    // A day at a time across every meter, so each meter's reads lie spread through the table as
    // ingestion writes them.
    for (let day = 0; day < options.days; day += 15) {
      await db.execute(
        sql`SELECT ensure_meter_reading_partitions(${from} + make_interval(days => ${day}), ${from} + make_interval(days => ${day + 15}))`,
      );
      await db.execute(sql`
        INSERT INTO meter_readings (meter_id, read_at, register_value, consumption, source)
        SELECT m.id, t, 10000 + extract(epoch FROM t - ${from}) / 1800 * 0.8, 0.8, 'actual'
        FROM generate_series(${from} + make_interval(days => ${day}, mins => 30),
                             least(${from} + make_interval(days => ${day + 15}), ${to}), interval '30 minutes') t
        CROSS JOIN unnest(${`{${meters.map((m) => m.id).join(",")}}`}::uuid[]) AS m(id)`);
    }
    log(`  ${size} accounts: building the daily rollups…`);
    for (let i = 0; i < meters.length; i += 50) {
      await db.transaction((tx) =>
        refreshDailyUsage(
          tx,
          meters.slice(i, i + 50).map((m) => ({
            meterId: m.id,
            firstDay: addDays(options.until, -options.days - 1),
            lastDay: options.until,
          })),
        ),
      );
    }
    await db.execute(sql`
      WITH months AS (
        SELECT date_trunc('month', ${options.until}::date - make_interval(months => k))::date AS month
        FROM generate_series(1, 10) k
      ),
      billed AS (
        INSERT INTO bills (account_id, bill_number, period_start, period_end, issue_date, due_date, amount, status)
        SELECT a.id, a.account_number || to_char(mo.month, 'YYMM'), mo.month,
               (mo.month + interval '1 month - 1 day')::date, (mo.month + interval '1 month 2 days')::date,
               (mo.month + interval '1 month 23 days')::date, 400 + (hashtext(a.id::text || mo.month) % 200),
               CASE WHEN mo.month < date_trunc('month', ${options.until}::date) - interval '2 months'
                    THEN 'paid' ELSE 'issued' END::bill_status
        FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id CROSS JOIN months mo
        WHERE ca.customer_id = ${customer.id}::uuid
        RETURNING id, account_id, amount, due_date, status
      )
      INSERT INTO payments (account_id, paid_at, amount, method)
      SELECT account_id, due_date - 3, amount, 'bank_transfer' FROM billed WHERE status = 'paid'`);
    customers.push({ id: customer.id, accounts: size, meters: meters.length });
  }
  await db.execute(sql`ANALYZE`);
  return customers;
}
