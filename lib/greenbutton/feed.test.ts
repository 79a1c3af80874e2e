import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { validateEspi } from "@/tests/support/espi-schema";
import { type FeedInput, greenButtonFeed } from "./feed";

const day = Date.UTC(2026, 2, 29) / 1000; // 29 March 2026: the UK's 23-hour day
const input: FeedInput = {
  key: "meter:test",
  title: "Green Button data for meter E-1 & friends",
  accountId: "2f1c1bd8-3c9d-4a0c-9b55-0a43cf0c2a61",
  selfHref: "/api/meters/7e0a/readings?format=atom",
  updated: "2026-11-20T09:00:00Z",
  meters: [
    {
      meterId: "7e0a6f0c-1c52-4c55-9d0e-6a2c2d6f4b10",
      meterNumber: "E-1",
      type: "electric",
      intervalLength: 1800,
      timezone: "Europe/London",
      currency: "GBP",
      blocks: [
        {
          start: day,
          duration: 23 * 3600,
          readings: [
            [day, 1800, 412, 9476, "actual"],
            [day + 1800, 1800, 388, 8924, "estimated"],
          ],
        },
      ],
      bills: [
        {
          billNumber: "4400000001-202603",
          start: Date.UTC(2026, 2, 1) / 1000,
          duration: 31 * 86400 - 3600,
          amount: 6_257_000,
          issuedAt: Date.UTC(2026, 3, 3) / 1000 - 3600,
          consumption: 245_112,
        },
      ],
    },
    {
      meterId: "9a1f6f0c-1c52-4c55-9d0e-6a2c2d6f4b11",
      meterNumber: "G-2",
      type: "gas",
      intervalLength: null,
      timezone: "Europe/London",
      currency: "GBP",
      blocks: [
        {
          start: Date.UTC(2026, 1, 1) / 1000,
          duration: 28 * 86400,
          readings: [[Date.UTC(2026, 1, 1) / 1000, 28 * 86400, 81_250, null, "customer"]],
        },
      ],
      bills: [],
    },
  ],
};

const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" });

describe("Green Button feed", () => {
  const xml = greenButtonFeed(input);
  const feed = parser.parse(xml).feed;
  const contents = feed.entry.map((e: any) => e.content);
  const of = (name: string) => contents.filter((c: any) => c[name]).map((c: any) => c[name]);

  it("validates against the ESPI 4.0 schema", () => {
    const result = validateEspi(xml);
    expect(result.errors).toBe("- validates\n");
    expect(result.valid).toBe(true);
  });

  it("describes each meter by its commodity and unit", () => {
    expect(of("UsagePoint").map((u: any) => u.ServiceCategory.kind)).toEqual([0, 1]);
    const [electric, gas] = of("ReadingType");
    expect(electric).toMatchObject({ uom: 72, powerOfTenMultiplier: 0, currency: 826 });
    expect(electric).toMatchObject({ intervalLength: 1800, accumulationBehaviour: 4 });
    expect(gas).toMatchObject({ uom: 42, powerOfTenMultiplier: -3, commodity: 7 });
    expect(gas.intervalLength).toBeUndefined();
  });

  it("writes one LocalTimeParameters per timezone, from the feed's year", () => {
    expect(of("LocalTimeParameters")).toEqual([
      expect.objectContaining({ dstStartRule: "3E0E1000", dstEndRule: "AE0E2000", tzOffset: 0 }),
    ]);
  });

  it("marks estimated and customer reads, and prices where a cost is known", () => {
    const readings = of("IntervalBlock").flatMap((b: any) => [b.IntervalReading].flat());
    expect(readings.map((r: any) => r.ReadingQuality?.quality ?? null)).toEqual([null, 8, 7]);
    expect(readings.map((r: any) => r.cost ?? null)).toEqual([9476, 8924, null]);
  });

  it("summarises each bill with its period, amount and the meter's use", () => {
    expect(of("UsageSummary")).toEqual([
      expect.objectContaining({
        billLastPeriod: 6_257_000,
        currency: 826,
        overallConsumptionLastPeriod: expect.objectContaining({ value: 245_112, uom: 72 }),
      }),
    ]);
  });

  it("gives the same ids to the same data, and escapes text", () => {
    expect(greenButtonFeed(input)).toBe(xml);
    expect(xml).toContain("E-1 &amp; friends");
    expect(feed.id).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
