import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rebuildDailyUsage } from "@/lib/domain/ingest/daily-usage";
import { ndjson, sendFeed } from "./support/feeds";
import { getReadings, latestRead, meterOf } from "./support/readings";

// Alice's smart meter, by day up to the end of the seeded reads (local midnight starting the 15th).
const ALICE_METER = "E-12345678";
const alicesMeter = meterOf(ALICE_METER);
const window = { from: "2026-11-01", to: "2026-11-16", groupBy: "day" };

describe("pages of whole days are built once and rebuilt when what they show changes", () => {
  it("answers a repeated page from one small statement, with the same body", async () => {
    const first = await getReadings("alice", alicesMeter, window);
    expect(first.status, first.text).toBe(200);
    expect(first.statements).toHaveLength(2);
    const again = await getReadings("alice", alicesMeter, window);
    expect(again.status).toBe(200);
    expect(again.statements).toHaveLength(1);
    expect(again.body).toEqual(first.body);
  });

  it("still refuses a customer who may not see the meter", async () => {
    await getReadings("alice", alicesMeter, window);
    for (const user of ["priya", "bob", "lena"]) {
      const other = await getReadings(user, alicesMeter, window);
      expect(other.status, user).toBe(404);
      expect(other.body.buckets).toBeUndefined();
    }
  });

  it("shows a read as soon as the meter service delivers it", async () => {
    const before = await getReadings("alice", alicesMeter, window);
    const last = await latestRead(alicesMeter);
    const at = new Date(last.at + 30 * 60_000).toISOString().replace(".000Z", "Z");
    const sent = await sendFeed(
      "readings",
      ndjson([{ meterNumber: ALICE_METER, readAt: at, value: last.register + 2.5 }]),
    );
    expect(sent.body.accepted).toBe(1);

    const after = await getReadings("alice", alicesMeter, window);
    expect(after.statements).toHaveLength(2);
    expect(after.body.dataAvailableUntil).toBe(at);
    const total = (page: any) =>
      page.body.buckets.reduce((sum: number, b: any) => sum + b.reads, 0) as number;
    expect(total(after)).toBe(total(before) + 1);
    const used = (page: any) =>
      page.body.buckets.reduce((sum: number, b: any) => sum + b.consumption, 0) as number;
    expect(used(after) - used(before)).toBeCloseTo(2.5, 3);
  });

  it("rebuilds after the meter itself changes, and after the rollups are rebuilt", async () => {
    await getReadings("alice", alicesMeter, window);
    expect((await getReadings("alice", alicesMeter, window)).statements).toHaveLength(1);

    // An admin edit of the meter row (what /api/rest does), even one that changes no figure.
    await getDb().execute(
      sql`UPDATE meters SET is_smart = is_smart WHERE id = ${alicesMeter}::uuid`,
    );
    const edited = await getReadings("alice", alicesMeter, window);
    expect(edited.statements).toHaveLength(2);

    await rebuildDailyUsage(getDb(), { meterIds: [alicesMeter] });
    const rebuilt = await getReadings("alice", alicesMeter, window);
    expect(rebuilt.statements).toHaveLength(2);
    expect(rebuilt.body).toEqual(edited.body);
  });

  it("keeps pages of different windows and groupings apart", async () => {
    const byDay = await getReadings("alice", alicesMeter, window);
    const byWeek = await getReadings("alice", alicesMeter, { ...window, groupBy: "week" });
    const shorter = await getReadings("alice", alicesMeter, { ...window, to: "2026-11-08" });
    expect(byWeek.body.groupBy).toBe("week");
    expect(byWeek.body.buckets.length).toBeLessThan(byDay.body.buckets.length);
    expect(shorter.body.buckets).toEqual(byDay.body.buckets.slice(0, shorter.body.buckets.length));
    expect(shorter.body.buckets.length).toBe(7);
  });
});
