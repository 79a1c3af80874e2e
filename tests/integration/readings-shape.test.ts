import { describe, expect, it } from "vitest";
import {
  meterReadingBucketsSchema,
  meterReadingsSchema,
} from "@/app/api/meters/[meterId]/readings/schema";
import { localDateOf } from "@/lib/calendar";
import { todayIn } from "@/lib/clock";
import { getReadings, meterOf } from "./support/readings";

const alicesMeter = meterOf("E-12345678");
const HOUR = 3_600_000;

/** The local wall-clock parts of an instant in a timezone, to check windows without our code. */
function localParts(instant: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return { weekday: get("weekday"), day: get("day"), time: `${get("hour")}:${get("minute")}` };
}

describe("GET /api/meters/{meterId}/readings: raw reads", () => {
  it("lists John Smith's half-hourly reads with the meter, the window and local times", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-03-01",
      to: "2026-03-02",
      limit: 3,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toContain("application/json");
    expect(result.headers.get("vary")).toBe("Accept");
    expect(meterReadingsSchema.parse(result.body)).toEqual(result.body);
    expect(result.body).toMatchObject({
      meterId: alicesMeter,
      meterNumber: "E-12345678",
      type: "electric",
      unit: "kWh",
      isSmart: true,
      timezone: "America/Chicago",
      readInterval: "PT30M",
      from: "2026-03-01T06:00:00Z",
      to: "2026-03-02T06:00:00Z",
      groupBy: "none",
      order: "asc",
      dataAvailableUntil: "2026-11-15T06:00:00Z",
      gaps: [],
    });
    expect(result.body.readings.map((r: { readAt: string }) => r.readAt)).toEqual([
      "2026-03-01T06:30:00Z",
      "2026-03-01T07:00:00Z",
      "2026-03-01T07:30:00Z",
    ]);
    expect(result.body.readings[0]).toEqual({
      readAt: "2026-03-01T06:30:00Z",
      localTime: "2026-03-01T00:30:00-06:00",
      register: expect.any(Number),
      consumption: expect.any(Number),
      source: "actual",
    });
    expect(result.body.next).toMatch(/^\/api\/meters\/[0-9a-f-]{36}\/readings\?.*cursor=/);
  });

  it("shows local time with the offset in force: CDT after the spring change", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-03-08T01:30:00-06:00",
      to: "2026-03-08T03:00:00-05:00",
    });
    expect(result.status).toBe(200);
    expect(result.body.readings).toEqual([
      expect.objectContaining({
        readAt: "2026-03-08T08:00:00Z",
        localTime: "2026-03-08T03:00:00-05:00",
      }),
    ]);
  });

  it("answers in one SQL statement, with or without a cursor", async () => {
    const first = await getReadings("alice", alicesMeter, {
      from: "2026-03-01",
      to: "2026-03-08",
      limit: 10,
    });
    expect(first.statements).toHaveLength(1);
    const second = await getReadings("alice", alicesMeter, {}, { path: first.body.next });
    expect(second.status).toBe(200);
    expect(second.statements).toHaveLength(1);
  });
});

describe("GET /api/meters/{meterId}/readings: buckets", () => {
  it("sums John Smith's reads into local days", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-03-01",
      to: "2026-03-03",
      groupBy: "day",
    });
    expect(result.status).toBe(200);
    expect(meterReadingBucketsSchema.parse(result.body)).toEqual(result.body);
    expect(result.body).toMatchObject({ groupBy: "day", order: "asc", gaps: [], next: null });
    expect(result.body).not.toHaveProperty("readings");
    expect(result.body.buckets).toEqual([
      {
        start: "2026-03-01T06:00:00Z",
        end: "2026-03-02T06:00:00Z",
        label: "2026-03-01",
        consumption: expect.any(Number),
        reads: 48,
        expectedReads: 48,
        complete: true,
        sources: { actual: 48, estimated: 0, customer: 0 },
        // Texas standard tariff: the day's use at $0.139 per kWh, plus $0.33 a day.
        energyCost: expect.any(Number),
        standingCharge: 0.33,
        cost: expect.any(Number),
      },
      expect.objectContaining({ label: "2026-03-02", reads: 48, complete: true }),
    ]);
    // Whole days are built once: a version probe and the page, then the probe alone.
    expect(result.statements).toHaveLength(2);
    const again = await getReadings("alice", alicesMeter, {
      from: "2026-03-01",
      to: "2026-03-03",
      groupBy: "day",
    });
    expect(again.body).toEqual(result.body);
    expect(again.statements).toHaveLength(1);
  });

  it("labels weeks by ISO week from Monday and months by their local month", async () => {
    const weeks = await getReadings("alice", alicesMeter, {
      from: "2026-03-02",
      to: "2026-03-16",
      groupBy: "week",
    });
    expect(weeks.status).toBe(200);
    expect(weeks.body.buckets.map((b: any) => [b.label, b.start, b.end, b.expectedReads])).toEqual([
      // The week of the spring change is an hour short.
      ["2026-W10", "2026-03-02T06:00:00Z", "2026-03-09T05:00:00Z", 7 * 48 - 2],
      ["2026-W11", "2026-03-09T05:00:00Z", "2026-03-16T05:00:00Z", 7 * 48],
    ]);

    const months = await getReadings("alice", alicesMeter, {
      from: "2026-01-01",
      to: "2026-03-01",
      groupBy: "month",
    });
    expect(months.body.buckets.map((b: any) => [b.label, b.start, b.expectedReads])).toEqual([
      ["2026-01", "2026-01-01T06:00:00Z", 31 * 48],
      ["2026-02", "2026-02-01T06:00:00Z", 28 * 48],
    ]);
  });

  it("clips buckets to the window and counts only the reads expected inside it", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-03-04",
      to: "2026-03-10",
      groupBy: "week",
    });
    expect(result.body.buckets[0]).toMatchObject({
      label: "2026-W10",
      start: "2026-03-04T06:00:00Z",
      end: "2026-03-09T05:00:00Z",
      expectedReads: 5 * 48 - 2,
      reads: 5 * 48 - 2,
      complete: true,
    });
    expect(result.body.buckets[1]).toMatchObject({
      label: "2026-W11",
      start: "2026-03-09T05:00:00Z",
      end: "2026-03-10T05:00:00Z",
      expectedReads: 48,
      // 2026-03-09 lost its 09:00 to 12:00 reads: the read at 12:00 carries them.
      reads: 42,
      complete: false,
    });
  });
});

describe("GET /api/meters/{meterId}/readings: the default window", () => {
  it("covers the last 7 local days, ending at the end of today, and says when data stops", async () => {
    const result = await getReadings("alice", alicesMeter, { limit: 1000 });
    expect(result.status).toBe(200);
    const { from, to, dataAvailableUntil } = result.body;
    expect(localParts(from, "America/Chicago").time).toBe("00:00");
    expect(localParts(to, "America/Chicago").time).toBe("00:00");
    // Today, by the portal's clock, is the window's last day.
    const today = todayIn("America/Chicago");
    expect(localDateOf(new Date(Date.parse(to) - 1), "America/Chicago")).toBe(today);
    expect(Math.round((Date.parse(to) - Date.parse(from)) / (24 * HOUR))).toBe(7);
    // The meter service delivers up to the midnight that starts today: the reads end there.
    expect(localParts(dataAvailableUntil, "America/Chicago").time).toBe("00:00");
    expect(localDateOf(dataAvailableUntil, "America/Chicago")).toBe(today);
    const times = result.body.readings.map((r: { readAt: string }) => Date.parse(r.readAt));
    expect(times.length).toBeGreaterThan(6 * 40);
    expect(Math.min(...times)).toBeGreaterThan(Date.parse(from));
    expect(Math.max(...times)).toBe(Date.parse(dataAvailableUntil));
    expect(result.body.next).toBeNull();
  });

  it("reaches back 30 days by day, 26 weeks from a Monday, and 13 months from the 1st", async () => {
    const days = await getReadings("alice", alicesMeter, { groupBy: "day" });
    expect(Math.round((Date.parse(days.body.to) - Date.parse(days.body.from)) / (24 * HOUR))).toBe(
      30,
    );
    const weeks = await getReadings("alice", alicesMeter, { groupBy: "week" });
    expect(localParts(weeks.body.from, "America/Chicago")).toMatchObject({
      weekday: "Mon",
      time: "00:00",
    });
    const weekSpan = (Date.parse(weeks.body.to) - Date.parse(weeks.body.from)) / (24 * HOUR);
    expect(weekSpan).toBeGreaterThan(25 * 7);
    expect(weekSpan).toBeLessThanOrEqual(26 * 7 + 1);
    const months = await getReadings("alice", alicesMeter, { groupBy: "month" });
    expect(localParts(months.body.from, "America/Chicago")).toMatchObject({
      day: "01",
      time: "00:00",
    });
    expect(months.body.buckets.length).toBeGreaterThanOrEqual(12);
    expect(months.body.buckets[0].label).toMatch(/^\d{4}-\d{2}$/);
  });

  it("returns empty lists for a window after the latest read", async () => {
    const result = await getReadings("alice", alicesMeter, {
      from: "2026-11-16",
      to: "2026-11-20",
      groupBy: "day",
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      buckets: [],
      gaps: [],
      next: null,
      dataAvailableUntil: "2026-11-15T06:00:00Z",
    });
  });
});
