import { describe, expect, it } from "vitest";
import { consumptionBetween, getReadings, meterOf } from "./support/readings";

/*
 * Days on which the clocks change, with their bounds in UTC worked out by hand, so the API's
 * timezone arithmetic is checked against figures it did not compute.
 */
const changeDays = [
  {
    name: "Chicago, spring forward",
    user: "alice",
    meter: "E-12345678",
    day: "2026-03-08",
    fromUtc: "2026-03-08T06:00:00Z",
    toUtc: "2026-03-09T05:00:00Z",
    expectedReads: 46,
  },
  {
    name: "Chicago, fall back",
    user: "alice",
    meter: "E-12345678",
    day: "2025-11-02",
    fromUtc: "2025-11-02T05:00:00Z",
    toUtc: "2025-11-03T06:00:00Z",
    expectedReads: 50,
  },
  {
    name: "London, spring forward",
    user: "priya",
    meter: "E-UK0000101",
    day: "2026-03-29",
    fromUtc: "2026-03-29T00:00:00Z",
    toUtc: "2026-03-29T23:00:00Z",
    expectedReads: 46,
  },
  {
    name: "London, fall back",
    user: "priya",
    meter: "E-UK0000101",
    day: "2025-10-26",
    fromUtc: "2025-10-25T23:00:00Z",
    toUtc: "2025-10-27T00:00:00Z",
    expectedReads: 50,
  },
];

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const previousDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe("day buckets on days the clocks change", () => {
  for (const c of changeDays) {
    it(`${c.name}: ${c.day} has ${c.expectedReads} half hours and the day's whole use`, async () => {
      const result = await getReadings(c.user, meterOf(c.meter), {
        from: previousDay(c.day),
        to: nextDay(nextDay(c.day)),
        groupBy: "day",
      });
      expect(result.status).toBe(200);
      const bucket = result.body.buckets.find((b: any) => b.label === c.day);
      const independent = await consumptionBetween(meterOf(c.meter), c.fromUtc, c.toUtc);
      expect(independent.reads).toBe(c.expectedReads);
      expect(bucket).toEqual({
        start: c.fromUtc,
        end: c.toUtc,
        label: c.day,
        consumption: independent.total,
        reads: c.expectedReads,
        expectedReads: c.expectedReads,
        complete: true,
        sources: { actual: c.expectedReads, estimated: 0, customer: 0 },
        energyCost: expect.any(Number),
        standingCharge: expect.any(Number),
        cost: expect.any(Number),
      });
      // The days around it are ordinary 24-hour days, joined to it without overlap.
      const labels = result.body.buckets.map((b: any) => b.label);
      expect(labels).toEqual([previousDay(c.day), c.day, nextDay(c.day)]);
      const [before, , after] = result.body.buckets;
      expect(before).toMatchObject({ end: c.fromUtc, expectedReads: 48 });
      expect(after).toMatchObject({ start: c.toUtc, expectedReads: 48 });
      // A 23- or 25-hour day is still one day's standing charge.
      expect(bucket.standingCharge).toBeGreaterThan(0);
      expect(bucket.standingCharge).toBe(before.standingCharge);
      expect(bucket.standingCharge).toBe(after.standingCharge);
    });
  }

  it("reads a local-date window across a change as local midnights", async () => {
    const result = await getReadings("alice", meterOf("E-12345678"), {
      from: "2026-03-08",
      to: "2026-03-09",
    });
    expect(result.body).toMatchObject({
      from: "2026-03-08T06:00:00Z",
      to: "2026-03-09T05:00:00Z",
    });
    expect(result.body.readings).toHaveLength(46);
  });
});

describe("hour buckets on days the clocks change", () => {
  it("keeps the repeated 01:00 of Chicago's fall-back night as two hours", async () => {
    const result = await getReadings("alice", meterOf("E-12345678"), {
      from: "2025-11-02",
      to: "2025-11-03",
      groupBy: "hour",
    });
    expect(result.status).toBe(200);
    const buckets = result.body.buckets;
    expect(buckets).toHaveLength(25);
    expect(buckets.slice(0, 4).map((b: any) => [b.label, b.start, b.end])).toEqual([
      ["2025-11-02T00:00-05:00", "2025-11-02T05:00:00Z", "2025-11-02T06:00:00Z"],
      ["2025-11-02T01:00-05:00", "2025-11-02T06:00:00Z", "2025-11-02T07:00:00Z"],
      ["2025-11-02T01:00-06:00", "2025-11-02T07:00:00Z", "2025-11-02T08:00:00Z"],
      ["2025-11-02T02:00-06:00", "2025-11-02T08:00:00Z", "2025-11-02T09:00:00Z"],
    ]);
    for (const bucket of buckets) {
      expect(bucket).toMatchObject({ reads: 2, expectedReads: 2, complete: true });
    }
    const total = buckets.reduce((sum: number, b: any) => sum + b.consumption * 1000, 0);
    const day = await consumptionBetween(
      meterOf("E-12345678"),
      "2025-11-02T05:00:00Z",
      "2025-11-03T06:00:00Z",
    );
    expect(Math.round(total)).toBe(Math.round(day.total * 1000));
  });

  it("skips the hour London's clocks jump over", async () => {
    const result = await getReadings("priya", meterOf("E-UK0000101"), {
      from: "2026-03-29",
      to: "2026-03-30",
      groupBy: "hour",
    });
    const labels = result.body.buckets.map((b: any) => b.label);
    expect(labels).toHaveLength(23);
    expect(labels.slice(0, 3)).toEqual([
      "2026-03-29T00:00+00:00",
      "2026-03-29T02:00+01:00",
      "2026-03-29T03:00+01:00",
    ]);
  });

  it("puts a read at local midnight in the day it closes", async () => {
    const result = await getReadings("alice", meterOf("E-12345678"), {
      from: "2026-03-07T23:00:00-06:00",
      to: "2026-03-08T01:00:00-06:00",
      groupBy: "day",
    });
    expect(result.body.buckets.map((b: any) => [b.label, b.reads])).toEqual([
      ["2026-03-07", 2],
      ["2026-03-08", 2],
    ]);
  });
});
