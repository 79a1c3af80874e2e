import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { allPages, getReadings, meterOf } from "./support/readings";

const alicesMeter = meterOf("E-12345678");
// A week with a lost morning (11-04), a lost night (11-05) and another lost morning (11-12).
const week = { from: "2026-11-03", to: "2026-11-13" };

/** The read times in the window, straight from the table. */
async function storedReadTimes(fromUtc: string, toUtc: string): Promise<string[]> {
  const rows = await queryRows<{ t: string }>(
    getDb(),
    sql`SELECT to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t
        FROM meter_readings WHERE meter_id = ${alicesMeter}::uuid
          AND read_at > ${fromUtc}::timestamptz AND read_at <= ${toUtc}::timestamptz
        ORDER BY read_at`,
  );
  return rows.map((r) => r.t);
}

const readTimes = (pages: any[]) => pages.flatMap((p) => p.body.readings.map((r: any) => r.readAt));
const gapsOf = (pages: any[]) => pages.flatMap((p) => p.body.gaps);

describe("paging through raw reads", () => {
  it("concatenates ascending pages to exactly the window, without overlap or loss", async () => {
    const pages = await allPages("alice", alicesMeter, { ...week, limit: 97 });
    const expected = await storedReadTimes("2026-11-03T06:00:00Z", "2026-11-13T06:00:00Z");
    expect(expected.length).toBe(10 * 48 - 6 - 12 - 6);
    expect(pages.length).toBe(Math.ceil(expected.length / 97));
    expect(readTimes(pages)).toEqual(expected);
    expect(pages.at(-1)?.body.next).toBeNull();
    for (const page of pages.slice(0, -1)) expect(page.body.readings).toHaveLength(97);
  });

  it("concatenates descending pages to the same reads, newest first", async () => {
    const pages = await allPages("alice", alicesMeter, { ...week, order: "desc", limit: 100 });
    const expected = await storedReadTimes("2026-11-03T06:00:00Z", "2026-11-13T06:00:00Z");
    expect(readTimes(pages)).toEqual([...expected].reverse());
    expect(pages.at(-1)?.body.next).toBeNull();
  });

  it("reports each gap once across the pages, as on one page", async () => {
    const whole = await getReadings("alice", alicesMeter, { ...week, limit: 5000 });
    expect(whole.body.next).toBeNull();
    expect(whole.body.gaps.map((g: any) => g.missingReads)).toEqual([6, 12, 6]);
    for (const order of ["asc", "desc"]) {
      // Small pages, so that gaps fall on and next to page boundaries.
      const pages = await allPages("alice", alicesMeter, { ...week, order, limit: 7 });
      const gaps = gapsOf(pages);
      expect(order === "asc" ? gaps : [...gaps].reverse(), order).toEqual(whole.body.gaps);
    }
  });

  it("ends on a page that is exactly full with next null", async () => {
    const total = (await getReadings("alice", alicesMeter, { ...week, limit: 5000 })).body.readings
      .length;
    const page = await getReadings("alice", alicesMeter, { ...week, limit: total });
    expect(page.body.readings).toHaveLength(total);
    expect(page.body.next).toBeNull();
  });

  it("pages a default window within the window its first page resolved", async () => {
    // The demo data stops at the midnight that starts today, by the portal's clock; the meter
    // then sends the three half hours before the clock. This file has its own copy of the
    // database.
    const before = await getReadings("alice", alicesMeter, { limit: 1 });
    const midnight: string = before.body.dataAvailableUntil;
    const fresh = await queryRows<{ t: string }>(
      getDb(),
      sql`INSERT INTO meter_readings (meter_id, read_at, register_value, consumption, source)
          SELECT ${alicesMeter}::uuid, t, 90000 + n, 0.5, 'actual'
          FROM (SELECT date_bin(interval '30 minutes', portal_now(), timestamptz 'epoch')
                       - (3 - n) * interval '30 minutes' AS t, n
                FROM generate_series(1, 3) AS n) fresh
          RETURNING to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t`,
    );
    const freshTimes = fresh.map((r) => r.t).sort();
    const pages = await allPages("alice", alicesMeter, { limit: 100 });
    expect(pages.length).toBeGreaterThan(2);
    expect(new Set(pages.map((p) => `${p.body.from}/${p.body.to}`)).size).toBe(1);
    const reads = readTimes(pages);
    expect(reads.slice(-3)).toEqual(freshTimes);
    expect(pages.at(-1)?.body.dataAvailableUntil).toBe(freshTimes[2]);
    // The hours the meter was silent after midnight are one gap, reported once.
    const silences = gapsOf(pages).filter((g: any) => g.from === midnight);
    expect(silences).toHaveLength(1);
    expect(Date.parse(silences[0].to)).toBe(Date.parse(freshTimes[0] ?? "") - 30 * 60_000);
  });
});

describe("paging through buckets", () => {
  it("concatenates hour buckets in either order to the one-page answer", async () => {
    const whole = await getReadings("alice", alicesMeter, { ...week, groupBy: "hour" });
    expect(whole.body.next).toBeNull();
    for (const order of ["asc", "desc"]) {
      const pages = await allPages("alice", alicesMeter, {
        ...week,
        groupBy: "hour",
        order,
        limit: 25,
      });
      const buckets = pages.flatMap((p) => p.body.buckets);
      expect(order === "asc" ? buckets : [...buckets].reverse(), order).toEqual(whole.body.buckets);
      const gaps = gapsOf(pages);
      const total = (list: any[]) => list.reduce((n, g) => n + g.missingReads, 0);
      expect(total(gaps), order).toBe(total(whole.body.gaps));
    }
  });

  it("pages day buckets with next links that carry the cursor", async () => {
    const pages = await allPages("alice", alicesMeter, { ...week, groupBy: "day", limit: 4 });
    expect(pages.map((p) => p.body.buckets.length)).toEqual([4, 4, 2]);
    expect(pages[0]?.body.next).toContain("groupBy=day");
    expect(pages[0]?.body.next).toContain("cursor=");
    expect(pages.flatMap((p) => p.body.buckets.map((b: any) => b.label))).toEqual([
      "2026-11-03",
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
      "2026-11-09",
      "2026-11-10",
      "2026-11-11",
      "2026-11-12",
    ]);
  });
});
