import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { readReadingsPage } from "@/db/queries/readings";
import { customerId, meterId } from "@/db/seed/static";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { rebuildDailyUsage, refreshDailyUsage } from "@/lib/domain/ingest/daily-usage";
import { applyReadingBatch } from "@/lib/domain/ingest/readings";
import type { ReadingsRequest, ReadingsWindow } from "@/lib/readings-request";

const as = (key: string): CustomerPrincipal => ({
  kind: "customer",
  subject: `test-${key}`,
  username: key,
  customerId: customerId(key),
  roles: [],
  via: "bearer",
});

/** Meters of every kind: smart in Chicago and London, monthly gas on both sides. */
const meters = [
  { number: "E-12345678", customer: "john-smith" },
  { number: "E-UK0000201", customer: "tom-evans" },
  { number: "E-UK0000101", customer: "priya-shah" },
  { number: "G-UK0000102", customer: "priya-shah" },
  { number: "G-98765002", customer: "acme" },
];

/** Windows over the DST changes of both zones, a stretch with gaps, and the defaults. */
const windows: ReadingsWindow[] = [
  { kind: "latest" },
  { kind: "date", from: "2026-03-01", to: "2026-04-06" },
  { kind: "date", from: "2025-10-20", to: "2025-11-10" },
  { kind: "date", from: "2026-11-03", to: "2026-11-13" },
  { kind: "date", from: "2025-11-01", to: "2026-11-16" },
];

async function fingerprint(): Promise<string> {
  const [row] = await queryRows<{ md5: string }>(
    getDb(),
    sql`SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.meter_id, d.day), '')) AS md5
        FROM meter_daily_usage d`,
  );
  return row?.md5 ?? "";
}

async function bothWays(number: string, customer: string, request: ReadingsRequest) {
  const args = { principal: as(customer), meterId: meterId(number), request };
  const fromRollups = await readReadingsPage({ ...args, source: "rollups" });
  const fromRaw = await readReadingsPage({ ...args, source: "raw" });
  return { fromRollups, fromRaw };
}

describe("daily rollups", () => {
  it("answer every day, week and month bucket exactly as the raw reads do", async () => {
    let buckets = 0;
    let gaps = 0;
    for (const { number, customer } of meters) {
      for (const window of windows) {
        for (const groupBy of ["day", "week", "month"] as const) {
          for (const order of ["asc", "desc"] as const) {
            const request = { window, groupBy, order, limit: 500 };
            const { fromRollups, fromRaw } = await bothWays(number, customer, request);
            expect(fromRollups, `${number} ${JSON.stringify(request)}`).toEqual(fromRaw);
            buckets += fromRaw.body.buckets?.length ?? 0;
            gaps += fromRaw.body.gaps.length;
          }
        }
      }
    }
    // The comparison covered real data: thousands of buckets, and gaps among them.
    expect(buckets).toBeGreaterThan(2000);
    expect(gaps).toBeGreaterThan(20);
  });

  it("page the same way as the raw reads", async () => {
    const request: ReadingsRequest = {
      window: { kind: "date", from: "2026-01-01", to: "2026-04-01" },
      groupBy: "day",
      order: "asc",
      limit: 7,
    };
    const { fromRollups, fromRaw } = await bothWays("E-12345678", "john-smith", request);
    expect(fromRollups).toEqual(fromRaw);
    expect(fromRollups.next).not.toBeNull();
  });

  it("cut DST days at local midnight, with 23 and 25 hours of expected reads", async () => {
    const day = (from: string, to: string): ReadingsRequest => ({
      window: { kind: "date", from, to },
      groupBy: "day",
      order: "asc",
      limit: 10,
    });
    const chicago = await bothWays("E-12345678", "john-smith", day("2026-03-08", "2026-03-09"));
    expect(chicago.fromRollups.body.buckets?.[0]?.expectedReads).toBe(46);
    const london = await bothWays("E-UK0000201", "tom-evans", day("2025-10-26", "2025-10-27"));
    expect(london.fromRollups.body.buckets?.[0]?.expectedReads).toBe(50);
    expect(london.fromRollups).toEqual(london.fromRaw);
  });

  it("are rebuilt from the raw reads exactly as ingestion maintained them", async () => {
    const maintained = await fingerprint();
    const [count] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM meter_daily_usage`,
    );
    expect(count?.n).toBeGreaterThan(3000);
    await getDb().execute(sql`UPDATE meter_daily_usage SET consumption = 0, reads = 1`);
    expect(await fingerprint()).not.toBe(maintained);
    const rebuilt = await rebuildDailyUsage(getDb());
    expect(rebuilt.meters).toBe(15);
    expect(await fingerprint()).toBe(maintained);
  });

  it("follow an actual read that replaces an estimate, and the read after it", async () => {
    const meter = meterId("E-12345678");
    const [before] = await queryRows<{ read_at: string; register: string; next_at: string }>(
      getDb(),
      sql`SELECT to_char(r.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS read_at,
                 r.register_value::text AS register,
                 to_char(n.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS next_at
          FROM meter_readings r
          CROSS JOIN LATERAL (SELECT read_at FROM meter_readings x WHERE x.meter_id = r.meter_id
                              AND x.read_at > r.read_at ORDER BY read_at LIMIT 1) n
          WHERE r.meter_id = ${meter}::uuid AND r.read_at = '2026-02-10T18:00:00Z'`,
    );
    expect(before).toBeDefined();
    const line = { line: 1, meterNumber: "E-12345678", readAt: before!.read_at };
    // The meter service first estimates the read a little low, then sends the actual one.
    const low = (Number(before!.register) - 0.2).toFixed(3);
    await getDb().execute(sql`UPDATE meter_readings SET source = 'estimated', register_value = ${low}::numeric
      WHERE meter_id = ${meter}::uuid AND read_at = ${before!.read_at}::timestamptz`);
    const replaced = await applyReadingBatch(getDb(), [
      { ...line, value: before!.register, source: "actual" },
    ]);
    expect(replaced).toMatchObject({ accepted: 1, replaced: 1, duplicates: 0, rejected: [] });
    const again = await applyReadingBatch(getDb(), [
      { ...line, value: before!.register, source: "actual" },
    ]);
    expect(again).toMatchObject({ accepted: 0, replaced: 0, duplicates: 1, rejected: [] });

    const request: ReadingsRequest = {
      window: { kind: "date", from: "2026-02-01", to: "2026-03-01" },
      groupBy: "day",
      order: "asc",
      limit: 100,
    };
    const { fromRollups, fromRaw } = await bothWays("E-12345678", "john-smith", request);
    expect(fromRollups).toEqual(fromRaw);
    const maintained = await fingerprint();
    await rebuildDailyUsage(getDb(), { meterIds: [meter] });
    expect(await fingerprint()).toBe(maintained);
    // Consumption still adds up to the register's movement over the month.
    const [movement] = await queryRows<{ used: string; moved: string }>(
      getDb(),
      sql`SELECT sum(consumption)::text AS used, (max(register_value) - min(register_value))::text AS moved
          FROM meter_readings WHERE meter_id = ${meter}::uuid
            AND read_at >= '2026-02-01T06:00:00Z' AND read_at <= '2026-03-01T06:00:00Z'`,
    );
    const first = await queryRows<{ c: string }>(
      getDb(),
      sql`SELECT consumption::text AS c FROM meter_readings WHERE meter_id = ${meter}::uuid
          AND read_at = '2026-02-01T06:00:00Z'`,
    );
    expect(Number(movement!.used) - Number(first[0]?.c ?? 0)).toBeCloseTo(
      Number(movement!.moved),
      3,
    );
  });

  it("are refreshed through each meter's own index range, whatever the planner would prefer", async () => {
    // With stale statistics the planner once hash-joined the batch's meters to every month of
    // reads; turning nested loops off asks for that plan. The statement must not allow it.
    const scans = await getDb().transaction(async (tx) => {
      // Counts not yet reported include earlier statements': compare before and after.
      const count = async () => {
        const [row] = await queryRows<{ seq: number; rows: number }>(
          tx,
          sql`SELECT coalesce(sum(seq_scan), 0)::int AS seq,
                     coalesce(sum(seq_tup_read + idx_tup_fetch), 0)::int AS rows
              FROM pg_stat_xact_user_tables WHERE relname LIKE 'meter_readings_y%'`,
        );
        return row ?? { seq: 0, rows: 0 };
      };
      await tx.execute(sql`DISCARD PLANS`);
      await tx.execute(sql`SET LOCAL enable_nestloop = off`);
      const before = await count();
      const days = await refreshDailyUsage(tx, [
        { meterId: meterId("E-12345678"), firstDay: "2026-11-01", lastDay: "2026-11-03" },
        { meterId: meterId("E-UK0000101"), firstDay: "2026-10-30", lastDay: "2026-11-02" },
      ]);
      const after = await count();
      return { days, seq: after.seq - before.seq, rows: after.rows - before.rows };
    });
    expect(scans.days).toBe(7);
    expect(scans.seq).toBe(0);
    // Seven days of two half-hourly meters, and the read before each: a few hundred rows of the
    // tens of thousands held.
    expect(scans.rows).toBeGreaterThan(300);
    expect(scans.rows).toBeLessThan(1000);
  });
});
