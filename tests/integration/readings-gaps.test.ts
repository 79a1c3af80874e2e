import { describe, expect, it } from "vitest";
import { consumptionBetween, getReadings, meterOf } from "./support/readings";

const alicesMeter = meterOf("E-12345678");
const priyasGas = meterOf("G-UK0000102");

describe("gaps in half-hourly reads", () => {
  // The demo data loses 02:00 to 07:59 (local) on the day ten days before its as-of day.
  const gapDay = "2026-11-05";
  const missingNight = {
    from: "2026-11-05T08:00:00Z",
    to: "2026-11-05T14:00:00Z",
    missingReads: 12,
  };

  it("reports the lost night with 12 missing reads, and fills nothing in", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: gapDay,
      to: "2026-11-06",
    });
    expect(result.status).toBe(200);
    expect(result.body.gaps).toEqual([missingNight]);
    const times = result.body.readings.map((r: any) => r.localTime);
    expect(times).toHaveLength(48 - 12);
    expect(times).toContain("2026-11-05T02:00:00-06:00");
    expect(times).not.toContain("2026-11-05T02:30:00-06:00");
    expect(times).not.toContain("2026-11-05T08:00:00-06:00");
    // The first read after the gap carries the gap's use: it is shown as it was read.
    const after = result.body.readings.find(
      (r: any) => r.localTime === "2026-11-05T08:30:00-06:00",
    );
    const carried = await consumptionBetween(
      alicesMeter,
      missingNight.from,
      "2026-11-05T14:30:00Z",
    );
    expect(after.consumption).toBe(carried.total);
  });

  it("marks the day bucket incomplete and reports the same gap", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-11-04",
      to: "2026-11-07",
      groupBy: "day",
    });
    const day = result.body.buckets.find((b: any) => b.label === gapDay);
    expect(day).toMatchObject({ reads: 36, expectedReads: 48, complete: false });
    expect(result.body.gaps).toContainEqual(missingNight);
    const next = result.body.buckets.find((b: any) => b.label === "2026-11-06");
    expect(next).toMatchObject({ reads: 48, expectedReads: 48, complete: true });
  });

  it("leaves a wholly missing day out of the buckets and reports it as a gap", async () => {
    // 2025-12-22 (local) has no reads at all in the demo data.
    const result = await getReadings("alice", alicesMeter, {
      from: "2025-12-21",
      to: "2025-12-24",
      groupBy: "day",
    });
    expect(result.body.buckets.map((b: any) => b.label)).toEqual(["2025-12-21", "2025-12-23"]);
    expect(result.body.gaps).toEqual([
      { from: "2025-12-22T06:00:00Z", to: "2025-12-23T06:00:00Z", missingReads: 48 },
    ]);
    // Every read of the next day is there, but its first read carries the missing day's use:
    // the day's total is not that day's alone, so it is not complete.
    expect(result.body.buckets[1]).toMatchObject({
      label: "2025-12-23",
      reads: 48,
      expectedReads: 48,
      complete: false,
    });
  });

  it("reports reads missing at the start of a window", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-11-05T04:00:00-06:00",
      to: "2026-11-05T10:00:00-06:00",
    });
    expect(result.body.gaps).toEqual([
      { from: "2026-11-05T10:00:00Z", to: "2026-11-05T14:00:00Z", missingReads: 8 },
    ]);
  });

  it("reports reads missing at the end of a window, up to the latest read", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-11-05T00:00:00-06:00",
      to: "2026-11-05T04:00:00-06:00",
    });
    expect(result.body.gaps).toEqual([
      { from: "2026-11-05T08:00:00Z", to: "2026-11-05T10:00:00Z", missingReads: 4 },
    ]);
  });

  it("does not call reads not yet received missing", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-11-14",
      to: "2026-11-18",
      groupBy: "day",
    });
    expect(result.body.gaps).toEqual([]);
    expect(result.body.dataAvailableUntil).toBe("2026-11-15T06:00:00Z");
    expect(result.body.buckets.map((b: any) => [b.label, b.complete])).toEqual([
      ["2026-11-14", true],
    ]);
  });

  it("reports a window before the first stored read as one gap", async () => {
    // The demo history opens with a read at local midnight starting 2025-10-15 (it closes the
    // 14th); the meter dates from 2020.
    const result = await getReadings("alice", alicesMeter, {
      from: "2025-10-12",
      to: "2025-10-14",
      groupBy: "day",
    });
    expect(result.body.buckets).toEqual([]);
    expect(result.body.gaps).toEqual([
      { from: "2025-10-12T05:00:00Z", to: "2025-10-14T05:00:00Z", missingReads: 96 },
    ]);
  });
});

describe("gaps in monthly reads", () => {
  // Priya's gas meter was not read on 2026-08-01: the September read covers two months.
  const window = { from: "2026-06-01", to: "2026-10-01" };

  it("reports the skipped month and keeps the other reads as they are", async () => {
    const result = await getReadings("priya", priyasGas, window);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ isSmart: false, readInterval: "P1M", unit: "m3" });
    expect(result.body.readings.map((r: any) => [r.localTime, r.source])).toEqual([
      ["2026-07-01T00:00:00+01:00", "actual"],
      ["2026-09-01T00:00:00+01:00", "estimated"],
      ["2026-10-01T00:00:00+01:00", "actual"],
    ]);
    expect(result.body.gaps).toEqual([
      { from: "2026-06-30T23:00:00Z", to: "2026-07-31T23:00:00Z", missingReads: 1 },
    ]);
  });

  it("marks the month whose read also carries the skipped month incomplete", async () => {
    const result = await getReadings("priya", priyasGas, { ...window, groupBy: "month" });
    expect(
      result.body.buckets.map((b: any) => [b.label, b.reads, b.expectedReads, b.complete]),
    ).toEqual([
      ["2026-06", 1, 1, true],
      ["2026-08", 1, 1, false],
      ["2026-09", 1, 1, true],
    ]);
    expect(result.body.buckets[1].sources).toEqual({ actual: 0, estimated: 1, customer: 0 });
    expect(result.body.gaps).toHaveLength(1);
  });

  it("expects one read a month, at the end of the month's last day", async () => {
    const result = await getReadings("priya", priyasGas, {
      from: "2026-09-29",
      to: "2026-10-02",
      groupBy: "day",
    });
    // The read is all there is, but it carries the whole month: not that day's use alone.
    expect(result.body.buckets).toEqual([
      expect.objectContaining({ label: "2026-09-30", reads: 1, expectedReads: 1, complete: false }),
    ]);
    expect(result.body.gaps).toEqual([]);
  });
});
