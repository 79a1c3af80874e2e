import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, getDb, openDatabase, queryRows } from "@/db/client";
import { seed } from "@/db/seed";
import { todayIn } from "@/lib/clock";
import { blindIndex, sealEmail } from "@/lib/pii";
import { assertLocalDatabaseUrl, withDatabase } from "../support/database-url";

const adminUrl = process.env.DATABASE_URL;

/** Postgres is exercised whenever the run has one; the embedded engine always is. */
const engines: {
  name: string;
  open: () => Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }>;
}[] = [
  {
    name: "pglite",
    open: async () => ({ handle: openDatabase({ pgliteDir: "memory://" }), drop: async () => {} }),
  },
];
if (adminUrl) {
  assertLocalDatabaseUrl(adminUrl);
  engines.push({
    name: "postgres",
    open: async () => {
      const name = `portal_migrate_${process.pid}_${Date.now().toString(36)}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      return {
        handle: openDatabase({ databaseUrl: withDatabase(adminUrl, name) }),
        drop: async () => {
          await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await admin.end();
        },
      };
    },
  });
}

const expectedTables = [
  "access_audit",
  "accounts",
  "benchmark_tariffs",
  "bills",
  "customer_accounts",
  "customer_events",
  "customer_invites",
  "customer_tariffs",
  "customers",
  "erasure_requests",
  "escos",
  "idempotency_keys",
  "impersonation_sessions",
  "logout_token_uses",
  "meter_daily_usage",
  "meter_readings",
  "meters",
  "microgrid_tariffs",
  "outbox",
  "payments",
  "preferences",
  "premises",
  "rate_limits",
  "session_revocations",
];

describe.each(engines)("migrations on $name", ({ open }) => {
  let opened: Awaited<ReturnType<typeof open>>;

  afterAll(async () => {
    await opened?.handle.close();
    await opened?.drop();
  });

  it("create every table, view and cross-row rule, and apply twice without change", async () => {
    opened = await open();
    const { db, migrate } = opened.handle;
    await migrate();
    await migrate();
    // Tables as the schema names them; a partitioned table's months are not tables of their own.
    const tables = await queryRows<{ name: string; partitioned: boolean }>(
      db,
      sql`SELECT c.relname AS name, c.relkind = 'p' AS partitioned FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          ORDER BY 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(expectedTables);
    expect(tables.filter((t) => t.partitioned).map((t) => t.name)).toEqual(["meter_readings"]);
    const [months] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'meter_readings'::regclass`,
    );
    expect(months?.n).toBeGreaterThanOrEqual(36);
    const views = await queryRows<{ name: string }>(
      db,
      sql`SELECT table_name AS name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(views.map((v) => v.name)).toEqual(["active_customer_tariffs", "customers_by_esco"]);
    const triggers = await queryRows<{ name: string }>(
      db,
      sql`SELECT DISTINCT trigger_name AS name FROM information_schema.triggers ORDER BY 1`,
    );
    expect(triggers.map((t) => t.name)).toEqual([
      "customer_accounts_keeps_occupier",
      "customers_status_transition",
      "premises_exactly_one_primary",
    ]);
  });

  it("enforce the rules in the database itself", async () => {
    const { db } = opened.handle;
    await db.execute(
      sql`INSERT INTO escos (code, name, currency, timezone) VALUES ('T1', 'Test', 'USD', 'UTC')`,
    );
    // Emails are stored encrypted; their format is checked before (lib/domain/contact.ts), and
    // their uniqueness, whatever the case, by the blind index.
    const insertCustomer = (email: string, status = "onboarding") => {
      const { email: stored, emailIndex } = sealEmail(email);
      return db.execute(
        sql`INSERT INTO customers (type, email, email_index, status)
            VALUES ('individual', ${stored}, ${emailIndex}, ${status}::customer_status) RETURNING id`,
      );
    };
    await insertCustomer("first@example.com");
    await expect(insertCustomer("FIRST@example.com")).rejects.toThrow();
    await expect(insertCustomer("nameless@example.com", "live")).rejects.toThrow();
    await expect(
      db.execute(sql`INSERT INTO customers (type, status) VALUES ('individual', 'onboarding')`),
    ).rejects.toThrow();
    await expect(
      db.execute(
        sql`UPDATE customers SET status = 'live' WHERE email_index = ${blindIndex("email", "first@example.com")}`,
      ),
    ).rejects.toThrow(/status/);
    await expect(
      db.execute(sql`INSERT INTO accounts (account_number, type) VALUES ('12345', 'residential')`),
    ).rejects.toThrow();
  });
});

describe("the demo seed", () => {
  async function fingerprint() {
    const [row] = await queryRows<Record<string, string>>(
      getDb(),
      sql`SELECT
        (SELECT md5(string_agg(r::text, ',' ORDER BY r.meter_id, r.read_at)) FROM meter_readings r) AS readings,
        (SELECT md5(string_agg(b::text, ',' ORDER BY b.id)) FROM (SELECT id, account_id, period_start, amount, status FROM bills) b) AS bills,
        (SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) FROM (SELECT id, account_id, paid_at, amount FROM payments) p) AS payments,
        (SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) FROM (SELECT id, email, status, type FROM customers) c) AS customers,
        (SELECT count(*) FROM customer_events)::text AS events,
        (SELECT count(*) FROM customer_tariffs)::text AS tariffs,
        (SELECT count(*) FROM premises)::text AS premises,
        (SELECT count(*) FROM meters)::text AS meters`,
    );
    return row;
  }

  it("changes nothing when it runs a second time", async () => {
    const before = await fingerprint();
    await seed(getDb());
    expect(await fingerprint()).toEqual(before);
  });

  it("holds the documented examples", async () => {
    const rows = await queryRows<{
      account_number: string;
      nickname: string | null;
      premises: number;
      meters: number;
      types: string;
    }>(
      getDb(),
      sql`SELECT a.account_number, a.nickname, count(DISTINCT p.id)::int AS premises, count(m.id)::int AS meters,
                 string_agg(DISTINCT m.type::text, ',') AS types
          FROM accounts a JOIN premises p ON p.account_id = a.id LEFT JOIN meters m ON m.premise_id = p.id
          GROUP BY a.account_number, a.nickname ORDER BY a.account_number`,
    );
    const byNumber = Object.fromEntries(rows.map((r) => [r.account_number, r]));
    expect(byNumber["1234567890"]).toMatchObject({ nickname: null, premises: 1, meters: 1 });
    expect(byNumber["9876543210"]?.nickname).toBe("Headquarters");
    expect(byNumber["5555555555"]?.nickname).toBe("Warehouse District");
    const acme = ["9876543210", "5555555555", "7777777777"].map((n) => byNumber[n]);
    expect(acme.reduce((n, a) => n + (a?.premises ?? 0), 0)).toBeGreaterThanOrEqual(5);
    expect(acme.reduce((n, a) => n + (a?.meters ?? 0), 0)).toBeGreaterThanOrEqual(6);
    expect(acme.map((a) => a?.types).join(",")).toMatch(/gas/);
    expect(acme.map((a) => a?.types).join(",")).toMatch(/water/);
  });

  it("has thirteen months of half-hourly reads with gaps, and an overdue account", async () => {
    const [smart] = await queryRows<{ reads: number; days: number; expected: number }>(
      getDb(),
      sql`SELECT count(*)::int AS reads,
                 (max(read_at)::date - min(read_at)::date) AS days,
                 (extract(epoch FROM max(read_at) - min(read_at)) / 1800 + 1)::int AS expected
          FROM meter_readings r JOIN meters m ON m.id = r.meter_id WHERE m.meter_number = 'E-12345678'`,
    );
    expect(smart?.days).toBeGreaterThanOrEqual(390);
    expect(smart?.reads).toBeLessThan(smart?.expected ?? 0);
    expect(smart?.reads).toBeGreaterThan((smart?.expected ?? 0) * 0.95);
    const overdue = await queryRows<{ account_number: string }>(
      getDb(),
      sql`SELECT DISTINCT a.account_number FROM bills b JOIN accounts a ON a.id = b.account_id
          WHERE b.status <> 'paid' AND b.due_date < ${todayIn("America/Chicago")}::date`,
    );
    expect(overdue.map((r) => r.account_number)).toEqual(["5555555555"]);
  });
});
