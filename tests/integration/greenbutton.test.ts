import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getAccountFeed } from "@/app/api/accounts/[accountId]/greenbutton/route";
import { GET as getTariff } from "@/app/api/meters/[meterId]/tariff/route";
import { localDateOf } from "@/lib/calendar";
import { validateEspi } from "../support/espi-schema";
import { demo } from "./support/demo";
import { getReadings, meterOf, type Query } from "./support/readings";
import { type CallResult, callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const parser = new XMLParser({
  isArray: (name) => ["entry", "IntervalReading", "link"].includes(name),
});

const withLinks = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ["entry", "IntervalReading", "link"].includes(name),
});

/** The ESPI resources of a feed, by element name, in document order. */
function resources(xml: string) {
  const entries: any[] = parser.parse(xml).feed.entry;
  return (name: string): any[] =>
    entries.filter((e) => e.content?.[name] !== undefined).map((e) => e.content[name]);
}

const ATOM = { accept: "application/atom+xml" };

async function feedOf(user: string, meter: string, window: Query): Promise<CallResult<string>> {
  const feed = await getReadings(user, meter, window, { headers: ATOM });
  expect(feed.status, feed.text).toBe(200);
  return feed;
}

async function accountFeed(user: string, accountId: string, window: Query = {}) {
  const qs = new URLSearchParams(Object.entries(window).map(([k, v]) => [k, String(v)]));
  return callRoute(getAccountFeed as any, `/api/accounts/${accountId}/greenbutton?${qs}`, {
    token: await accessToken(user),
    params: { accountId },
  });
}

function expectValid(xml: string) {
  const result = validateEspi(xml);
  expect(result.errors).toBe("- validates\n");
}

/** The JSON API's day buckets of the window that hold use. */
async function usedDays(user: string, meter: string, window: Query): Promise<any[]> {
  const days = await getReadings(user, meter, { ...window, groupBy: "day", limit: 500 });
  expect(days.status).toBe(200);
  expect(days.body.next).toBeNull();
  return days.body.buckets.filter((b: any) => b.consumption !== null);
}

/** Thousandths of the meter's unit used in the window, by the JSON API's day buckets. */
async function jsonUse(user: string, meter: string, window: Query): Promise<number> {
  const days = await usedDays(user, meter, window);
  return days.reduce((sum: number, b: any) => sum + Math.round(b.consumption * 1000), 0);
}

/** The feed's IntervalReading values converted back to thousandths of the meter's unit. */
function feedUse(block: any[], readingType: any): number {
  const unitsPerValue = 10 ** readingType.powerOfTenMultiplier;
  const toThousandths = readingType.uom === 72 ? unitsPerValue : unitsPerValue * 1000;
  return block
    .flatMap((b) => b.IntervalReading ?? [])
    .reduce((sum: number, r: any) => sum + Math.round(r.value * toThousandths), 0);
}

describe("Green Button Download My Data", () => {
  const march = { from: "2026-03-01", to: "2026-04-01" };

  it("gives a US customer's half-hourly electricity as a valid ESPI feed that adds up to the JSON", async () => {
    const meter = demo.meters.johnSmith;
    const feed = await feedOf("alice", meter, march);
    expect(feed.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(feed.headers.get("content-disposition")).toBe(
      'attachment; filename="E-12345678_2026-03-01_2026-04-01_green_button.xml"',
    );
    expect(feed.headers.get("vary")).toBe("Accept");
    // Reads, blocks, prices and bills come in one statement.
    expect(feed.statements).toHaveLength(1);
    expectValid(feed.text);

    const of = resources(feed.text);
    expect(of("UsagePoint")).toEqual([{ ServiceCategory: { kind: 0 } }]);
    const [readingType] = of("ReadingType");
    expect(readingType).toMatchObject({
      accumulationBehaviour: 4,
      commodity: 1,
      currency: 840,
      flowDirection: 1,
      intervalLength: 1800,
      kind: 12,
      powerOfTenMultiplier: 0,
      uom: 72,
    });
    // Chicago: second Sunday of March and first Sunday of November at 02:00, UTC-6.
    expect(of("LocalTimeParameters")).toEqual([
      { dstEndRule: "B40E2000", dstOffset: 3600, dstStartRule: "360E2000", tzOffset: -21_600 },
    ]);

    const blocks = of("IntervalBlock");
    expect(blocks).toHaveLength(31);
    expect(blocks[0].interval).toEqual({
      duration: 86_400,
      start: Date.parse("2026-03-01T06:00:00Z") / 1000,
    });
    // 8 March, the spring-forward day, is 23 hours long and holds 46 half hours.
    const dstDay = blocks.find(
      (b) => b.interval.start === Date.parse("2026-03-08T06:00:00Z") / 1000,
    );
    expect(dstDay.interval.duration).toBe(82_800);
    expect(dstDay.IntervalReading).toHaveLength(46);
    expect(feedUse(blocks, readingType)).toBe(await jsonUse("alice", meter, march));
    // Priced at the Texas standard tariff, $0.139 per kWh: value in Wh, cost in 10⁻⁵ dollars.
    for (const r of blocks.flatMap((b) => b.IntervalReading)) {
      expect(r.cost).toBe(Math.round((r.value * 139) / 10));
    }

    // John Smith's account is billed monthly: February and March overlap the window's days.
    const bills = await callRoute(
      getBills as any,
      `/api/accounts/${demo.accounts.johnSmith}/bills?limit=100`,
      {
        token: await accessToken("alice"),
        params: { accountId: demo.accounts.johnSmith },
      },
    );
    const marchBill = bills.body.bills.find((b: any) => b.periodStart === "2026-03-01");
    const summaries = of("UsageSummary");
    expect(summaries.map((s) => s.billLastPeriod)).toContain(
      Math.round(marchBill.amount * 100_000),
    );
    expect(summaries[0]).toMatchObject({ currency: 840, commodity: 1 });
  });

  it("prices a UK customer's reads at the tariff in force, across a new quarter's tariff and the autumn DST change", async () => {
    const meter = meterOf("E-UK0000101");
    const october = { from: "2026-09-16", to: "2026-11-01" };
    const feed = await feedOf("priya", meter, { ...october, format: "atom" });
    expectValid(feed.text);
    const of = resources(feed.text);
    expect(of("LocalTimeParameters")).toEqual([
      { dstEndRule: "AE0E2000", dstOffset: 3600, dstStartRule: "3E0E1000", tzOffset: 0 },
    ]);
    const [readingType] = of("ReadingType");
    expect(readingType.currency).toBe(826);
    const blocks = of("IntervalBlock");
    const longDay = blocks.find(
      (b) => b.interval.start === Date.parse("2026-10-24T23:00:00Z") / 1000,
    );
    expect(longDay.interval.duration).toBe(90_000);
    expect(longDay.IntervalReading).toHaveLength(50);
    expect(feedUse(blocks, readingType)).toBe(await jsonUse("priya", meter, october));

    const tariff = await callRoute(getTariff as any, `/api/meters/${meter}/tariff`, {
      token: await accessToken("priya"),
      params: { meterId: meter },
    });
    // The tariff changes each quarter: September's reads and October's have different rates.
    const rateOn = (date: string) =>
      tariff.body.periods.filter((p: any) => p.periodStart <= date).at(-1).unitRate;
    expect(rateOn("2026-09-30")).not.toBe(rateOn("2026-10-01"));
    const readings = blocks.flatMap((b) => b.IntervalReading);
    expect(readings.length).toBeGreaterThan(2000);
    for (const r of readings) {
      // A read counts on the local day its period ends in.
      const end = (r.timePeriod.start + r.timePeriod.duration) * 1000 - 1;
      const rate = rateOn(localDateOf(new Date(end), "Europe/London"));
      expect(r.cost).toBe(Math.round(r.value * rate * 100));
    }
  });

  it("gives a monthly gas meter in m³, marking estimated and customer reads", async () => {
    const meter = demo.meters.hqGas;
    const year = { from: "2025-11-01", to: "2026-11-01" };
    const feed = await feedOf("bob", meter, year);
    expectValid(feed.text);
    const of = resources(feed.text);
    expect(of("UsagePoint")).toEqual([{ ServiceCategory: { kind: 1 } }]);
    const [readingType] = of("ReadingType");
    expect(readingType).toMatchObject({
      uom: 42,
      powerOfTenMultiplier: -3,
      commodity: 7,
      kind: 58,
    });
    expect(readingType.intervalLength).toBeUndefined();
    const blocks = of("IntervalBlock");
    expect(feedUse(blocks, readingType)).toBe(await jsonUse("bob", meter, year));

    const raw = await getReadings("bob", meter, { ...year, limit: 5000 });
    const sources = raw.body.readings
      .filter((r: any) => r.consumption !== null)
      .map((r: any) => r.source);
    expect(sources).toContain("estimated");
    const qualities = blocks
      .flatMap((b) => b.IntervalReading)
      .map((r: any) => r.ReadingQuality?.quality ?? "none");
    expect(qualities).toEqual(
      sources.map((s: string) => ({ actual: "none", estimated: 8, customer: 7 })[s]),
    );
    // Texas prices gas at its standard tariff, $0.58 per m³: value is in litres, cost in
    // hundred-thousandths of a dollar.
    const gasReads = blocks.flatMap((b) => b.IntervalReading);
    expect(gasReads.length).toBeGreaterThan(0);
    for (const r of gasReads) expect(r.cost).toBe(r.value * 58);
  });

  it("gives a whole account, every meter under its own UsagePoint, each adding up", async () => {
    const window = { from: "2026-10-01", to: "2026-11-01" };
    const feed = await accountFeed("bob", demo.accounts.headquarters, window);
    expect(feed.status, feed.text).toBe(200);
    expect(feed.headers.get("content-disposition")).toContain("9876543210_2026-10-01_2026-11-01");
    expect(feed.statements).toHaveLength(1);
    expectValid(feed.text);

    const entries: any[] = withLinks.parse(feed.text).feed.entry;
    const points = entries.filter((e) => e.content.UsagePoint !== undefined);
    const meterNumbers = ["E-98765001", "E-98765004", "G-98765002", "W-98765003"];
    expect(points.map((p) => p.title)).toEqual(meterNumbers.map((n) => `Meter ${n}`));
    expect(points.map((p) => p.content.UsagePoint.ServiceCategory.kind)).toEqual([0, 0, 1, 2]);

    // Each meter's blocks are found by their links, under the meter's UsagePoint.
    const readingTypes = resources(feed.text)("ReadingType");
    for (const [i, meterNumber] of meterNumbers.entries()) {
      const id = meterOf(meterNumber);
      const blocks = entries
        .filter((e) => e.content.IntervalBlock !== undefined)
        .filter((e) => e.link.some((l: any) => l["@_rel"] === "up" && l["@_href"].includes(id)))
        .map((e) => e.content.IntervalBlock);
      // Half-hourly meters get a block per local day with reads; a day without any has none.
      if (meterNumber.startsWith("E")) {
        expect(blocks).toHaveLength((await usedDays("bob", id, window)).length);
      }
      expect(feedUse(blocks, readingTypes[i])).toBe(await jsonUse("bob", id, window));
    }
  });

  it("answers 404 for another customer's meter or account, and problem+json for a bad range", async () => {
    const aliceMeter = await getReadings("priya", demo.meters.johnSmith, march, { headers: ATOM });
    expect(aliceMeter.status).toBe(404);
    expect(aliceMeter.headers.get("content-type")).toContain("application/problem+json");

    expect((await accountFeed("priya", demo.accounts.johnSmith)).status).toBe(404);
    // A billing contact sees bills but not usage; a landlord neither.
    expect((await accountFeed("dana", demo.accounts.retail)).status).toBe(404);
    expect((await accountFeed("lena", demo.accounts.tomEvans)).status).toBe(404);
    expect((await getReadings("lena", demo.meters.tomEvans, { format: "atom" })).status).toBe(404);

    const reversed = await accountFeed("alice", demo.accounts.johnSmith, {
      from: "2026-04-01",
      to: "2026-03-01",
    });
    expect(reversed.status).toBe(422);
    expect(reversed.body.errors[0].field).toBe("to");
    const stray = await callRoute(
      getAccountFeed as any,
      `/api/accounts/${demo.accounts.johnSmith}/greenbutton?groupBy=day`,
      { token: await accessToken("alice"), params: { accountId: demo.accounts.johnSmith } },
    );
    expect(stray.status).toBe(422);
    expect(stray.headers.get("content-type")).toContain("application/problem+json");
  });
});
