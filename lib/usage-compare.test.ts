import { describe, expect, it } from "vitest";
import { alignBySlot, compareWindows, type SlotBucket, slotOf } from "./usage-compare";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hourly buckets from `start` (an instant) for `hours` hours, each holding `value(i)`. */
function hourly(start: string, hours: number, value: (i: number) => number | null): SlotBucket[] {
  return Array.from({ length: hours }, (_, i) => {
    const from = Date.parse(start) + i * HOUR;
    const consumption = value(i);
    return {
      start: new Date(from).toISOString(),
      end: new Date(from + HOUR).toISOString(),
      consumption,
      complete: consumption !== null,
    };
  });
}

function daily(start: string, days: number, value: (i: number) => number | null): SlotBucket[] {
  return Array.from({ length: days }, (_, i) => {
    const from = Date.parse(start) + i * DAY;
    const consumption = value(i);
    return {
      start: new Date(from).toISOString(),
      end: new Date(from + DAY).toISOString(),
      consumption,
      complete: consumption !== null,
    };
  });
}

const consumption = (b: SlotBucket) => b.consumption;

describe("comparison by calendar slot", () => {
  it("meets 01:00 with 01:00 across the autumn clock change, not an hour early", () => {
    // London, Sunday 25 October 2026: 25 hours, 01:00 happens twice (BST, then GMT).
    const dstDay = hourly("2026-10-24T23:00:00Z", 25, (i) => i);
    const dayBefore = hourly("2026-10-23T23:00:00Z", 24, (i) => 100 + i);
    const aligned = alignBySlot(
      dstDay,
      { from: "2026-10-25", to: "2026-10-26" },
      dayBefore,
      { from: "2026-10-24", to: "2026-10-25" },
      "Europe/London",
      "hour",
    );
    // 00:00 with 00:00; both 01:00s with 01:00; 02:00 (the 4th bucket) with 02:00.
    expect(aligned[0]?.consumption).toBe(100);
    expect(aligned[1]?.consumption).toBe(101);
    expect(aligned[2]?.consumption).toBe(101);
    expect(aligned[3]?.consumption).toBe(102);
    expect(aligned[24]?.consumption).toBe(123);
  });

  it("meets Saturday with Saturday across a week with a missing day", () => {
    // Week of 17–23 Jan 2026 against 10–16 Jan, in Chicago; the previous week lacks Tue 13 Jan.
    const current = daily("2026-01-17T06:00:00Z", 7, (i) => 10 + i);
    const previous = daily("2026-01-10T06:00:00Z", 7, (i) => (i === 3 ? null : 20 + i)).filter(
      (b) => b.consumption !== null,
    );
    const windows = {
      current: { from: "2026-01-17", to: "2026-01-24" },
      previous: { from: "2026-01-10", to: "2026-01-17" },
    };
    const aligned = alignBySlot(
      current,
      windows.current,
      previous,
      windows.previous,
      "America/Chicago",
      "day",
    );
    expect(aligned.map((b) => b?.consumption ?? null)).toEqual([20, 21, 22, null, 24, 25, 26]);

    const result = compareWindows(
      { window: windows.current, buckets: current },
      { window: windows.previous, buckets: previous },
      "America/Chicago",
      "day",
      consumption,
    );
    // Six days both have: Tuesday's 13 is left out of this week's side too.
    expect(result.current).toBe(10 + 11 + 12 + 14 + 15 + 16);
    expect(result.other).toBe(20 + 21 + 22 + 24 + 25 + 26);
    expect(result.coverage.compared).toBeCloseTo(6 / 7);
    expect(result.coverage.other).toBeCloseTo(6 / 7);
    expect(result.change).toBeCloseTo(((78 - 138) / 138) * 100);
  });

  it("gives no percentage when either side covers less than 80% of its period", () => {
    const window = { from: "2026-01-17", to: "2026-01-24" };
    const before = { from: "2026-01-10", to: "2026-01-17" };
    const current = daily("2026-01-17T00:00:00Z", 7, () => 5);
    const partial = daily("2026-01-10T00:00:00Z", 7, (i) => (i < 5 ? 5 : null)); // 5 of 7 days
    const result = compareWindows(
      { window, buckets: current },
      { window: before, buckets: partial },
      "UTC",
      "day",
      consumption,
    );
    expect(result.coverage.other).toBeCloseTo(5 / 7);
    expect(result.change).toBeNull();
    const enough = daily("2026-01-10T00:00:00Z", 7, (i) => (i < 6 ? 4 : null)); // 6 of 7
    expect(
      compareWindows(
        { window, buckets: current },
        { window: before, buckets: enough },
        "UTC",
        "day",
        consumption,
      ).change,
    ).toBeCloseTo(25);
  });

  it("numbers months from the window's first month, over a year end", () => {
    const window = { from: "2025-12-01", to: "2026-12-01" };
    expect(slotOf("2026-02-01T00:00:00Z", window, "UTC", "month")).toBe("m2");
  });
});

describe("coverage by reads", () => {
  it("counts a month missing a few reads, and not a month with two days of them", () => {
    const window = { from: "2026-01-01", to: "2026-03-01" };
    const before = { from: "2025-11-01", to: "2026-01-01" };
    const month = (start: string, end: string, reads: number, expectedReads: number) => ({
      start,
      end,
      consumption: reads,
      complete: reads === expectedReads,
      reads,
      expectedReads,
    });
    const current = [
      month("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 1480, 1488),
      month("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", 1344, 1344),
    ];
    const previous = [
      month("2025-11-01T00:00:00Z", "2025-12-01T00:00:00Z", 96, 1440),
      month("2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z", 1488, 1488),
    ];
    const result = compareWindows(
      { window, buckets: current },
      { window: before, buckets: previous },
      "UTC",
      "month",
      (b) => b.consumption,
    );
    expect(result.coverage.current).toBeGreaterThan(0.99);
    // November holds 2 days of 30: the earlier window is covered a little over half.
    expect(result.coverage.other).toBeCloseTo((31 + 30 * (96 / 1440)) / 61);
    expect(result.change).toBeNull();
    // February meets December, the only slot both cover.
    expect(result.current).toBe(1344);
    expect(result.other).toBe(1488);
  });
});
