import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { meterReadingBucketsSchema } from "@/app/api/meters/[meterId]/readings/schema";
import { accountId } from "@/db/seed/static";
import { getReadings, meterOf } from "./support/readings";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

/** Money as whole cents, so sums are exact. */
const cents = (value: number) => Math.round(value * 100);

interface Bucket {
  label: string;
  consumption: number | null;
  energyCost: number | null;
  standingCharge: number | null;
  cost: number | null;
}

async function buckets(user: string, meter: string, query: Record<string, string>) {
  const result = await getReadings(user, meterOf(meter), query);
  expect(result.status, result.text).toBe(200);
  expect(meterReadingBucketsSchema.parse(result.body)).toEqual(result.body);
  return result.body as {
    currency: string;
    priced: boolean;
    buckets: Bucket[];
    summary: Omit<Bucket, "label">;
  };
}

/** Each bucket's cost is its two parts, and the buckets add up to the page's totals. */
function expectConsistent(page: Awaited<ReturnType<typeof buckets>>) {
  expect(page.buckets.length).toBeGreaterThan(0);
  for (const b of page.buckets) {
    expect(b.energyCost, b.label).not.toBeNull();
    expect(b.standingCharge, b.label).not.toBeNull();
    expect(cents(b.cost as number), b.label).toBe(
      cents(b.energyCost as number) + cents(b.standingCharge as number),
    );
  }
  const sum = (key: "energyCost" | "standingCharge" | "cost") =>
    page.buckets.reduce((total, b) => total + cents(b[key] as number), 0);
  expect(cents(page.summary.energyCost as number)).toBe(sum("energyCost"));
  expect(cents(page.summary.standingCharge as number)).toBe(sum("standingCharge"));
  expect(cents(page.summary.cost as number)).toBe(sum("cost"));
}

describe("GET /api/meters/{meterId}/readings: cost", () => {
  it("prices John Smith's October 2026 in Texas: 694.752 kWh × $0.139 + 31 days × $0.33 = $106.80", async () => {
    const page = await buckets("alice", "E-12345678", {
      from: "2026-10-01",
      to: "2026-11-01",
      groupBy: "month",
    });
    expect(page.currency).toBe("USD");
    expect(page.priced).toBe(true);
    expect(page.buckets).toEqual([
      expect.objectContaining({
        label: "2026-10",
        consumption: 694.752,
        energyCost: 96.57,
        standingCharge: 10.23,
        cost: 106.8,
      }),
    ]);
    expect(page.summary).toEqual({
      consumption: 694.752,
      energyCost: 96.57,
      standingCharge: 10.23,
      cost: 106.8,
    });
  });

  it("gives each day its energy and its standing charge, and the days add up", async () => {
    const page = await buckets("alice", "E-12345678", {
      from: "2026-10-20",
      to: "2026-11-03",
      groupBy: "day",
    });
    expectConsistent(page);
    // The standing charge is per day, also on the 25-hour day the clocks go back (1 November).
    expect(new Set(page.buckets.map((b) => b.standingCharge))).toEqual(new Set([0.33]));
    for (const b of page.buckets) {
      expect(cents(b.energyCost as number), b.label).toBe(
        Math.round((b.consumption as number) * 13.9),
      );
    }
  });

  it("prices hours with their share of the day's standing charge", async () => {
    const page = await buckets("alice", "E-12345678", {
      from: "2026-10-20",
      to: "2026-10-21",
      groupBy: "hour",
    });
    expect(page.buckets).toHaveLength(24);
    expectConsistent(page);
    // $0.33 / 24 = $0.01375 an hour: each hour takes what the day's charge so far gains, so the
    // hours come to the day's $0.33 exactly, as the same day viewed whole does.
    expect(new Set(page.buckets.map((b) => b.standingCharge))).toEqual(new Set([0.01, 0.02]));
    const cents = (values: number[]) => values.reduce((sum, v) => sum + Math.round(v * 100), 0);
    expect(cents(page.buckets.map((b) => b.standingCharge as number))).toBe(33);
    const day = await buckets("alice", "E-12345678", {
      from: "2026-10-20",
      to: "2026-10-21",
      groupBy: "day",
    });
    expect(day.buckets).toHaveLength(1);
    expect(day.buckets[0]?.standingCharge).toBe(0.33);
  });

  it("prices Acme's gas and water in Texas, and its electricity at its agreed discount", async () => {
    const gas = await buckets("bob", "G-98765002", {
      from: "2026-01-01",
      to: "2026-11-01",
      groupBy: "month",
    });
    expect(gas.priced).toBe(true);
    expectConsistent(gas);
    for (const b of gas.buckets) {
      expect(cents(b.energyCost as number), b.label).toBe(
        Math.round((b.consumption as number) * 58),
      );
    }
    const water = await buckets("bob", "W-98765003", {
      from: "2026-01-01",
      to: "2026-11-01",
      groupBy: "month",
    });
    expectConsistent(water);
    expect(water.buckets.find((b) => b.label === "2026-09")?.standingCharge).toBe(6); // 30 × $0.20
    const electric = await buckets("bob", "E-98765001", {
      from: "2026-10-01",
      to: "2026-10-02",
      groupBy: "day",
    });
    expect(electric.buckets[0]?.standingCharge).toBe(0.31); // $0.3135, 5% off $0.33
  });

  it("prices London gas where the microgrid has a gas tariff", async () => {
    const gas = await buckets("priya", "G-UK0000102", {
      from: "2026-01-01",
      to: "2026-11-01",
      groupBy: "month",
    });
    expect(gas.currency).toBe("GBP");
    expect(gas.priced).toBe(true);
    expectConsistent(gas);
  });

  it("adds up, over an account's meters, to each bill of the account", async () => {
    const token = await accessToken("bob");
    const account = accountId("9876543210");
    const bills = await callRoute(getBills as any, `/api/accounts/${account}/bills?limit=100`, {
      token,
      params: { accountId: account },
    });
    expect(bills.status).toBe(200);
    const list: { periodStart: string; amount: number }[] = bills.body.bills;
    const september = list.find((b) => b.periodStart === "2026-09-01");
    expect(september).toBeDefined();
    let total = 0;
    for (const meter of ["E-98765001", "G-98765002", "W-98765003", "E-98765004"]) {
      const page = await buckets("bob", meter, {
        from: "2026-09-01",
        to: "2026-10-01",
        groupBy: "month",
      });
      total += cents(page.summary.cost as number);
    }
    expect(total).toBe(cents(september?.amount as number));
  });
});
