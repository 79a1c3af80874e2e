import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { tariffRanges } from "@/db/queries/meter-tariff";

/**
 * Every seeded bill, recomputed from the raw reads of its account's meters and the tariffs that
 * price them, in the test's own integer arithmetic: per meter, the period's use at the unit rate
 * plus the standing charge per day, each rounded to the minor unit, summed over the meters.
 */

/** A non-negative decimal string as an integer count of 10^-scale. */
function scaled(value: string, scale: number): bigint {
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));
}

/** n / 10^from rounded half up to 10^-to (from ≥ to), as Postgres rounds a positive numeric. */
function roundTo(n: bigint, from: number, to: number): bigint {
  const divisor = 10n ** BigInt(from - to);
  return (n + divisor / 2n) / divisor;
}

interface BillMeter {
  bill_number: string;
  amount: string;
  currency: string;
  minor: number;
  meter_number: string;
  days: number;
  /** Σ consumption of the reads in (period start, period end], local midnights. */
  used: string;
  unit_rate: string | null;
  standing_charge: string | null;
  /** Whether the rates stay the same through the bill's period. */
  one_rate: boolean | null;
}

async function billMeters(): Promise<BillMeter[]> {
  return queryRows<BillMeter>(
    getDb(),
    sql`SELECT b.bill_number, b.amount::text, e.currency, e.currency_minor_unit AS minor,
               m.meter_number, (b.period_end - b.period_start + 1) AS days,
               coalesce((SELECT sum(r.consumption) FROM meter_readings r
                         WHERE r.meter_id = m.id
                           AND r.read_at > b.period_start::timestamp AT TIME ZONE e.timezone
                           AND r.read_at <= (b.period_end + 1)::timestamp AT TIME ZONE e.timezone), 0)::text AS used,
               t.unit_rate::text, t.standing_charge::text,
               (t.period_end IS NULL OR t.period_end > b.period_end) AS one_rate
        FROM bills b
        JOIN premises p ON p.account_id = b.account_id
        JOIN escos e ON e.id = p.esco_id
        JOIN meters m ON m.premise_id = p.id
        LEFT JOIN LATERAL (
          SELECT * FROM (${tariffRanges({ accountId: sql`p.account_id`, escoId: sql`p.esco_id`, meterType: sql`m.type` })}) r
          WHERE r.period_start <= b.period_start ORDER BY r.period_start DESC LIMIT 1
        ) t ON true
        ORDER BY b.bill_number, m.meter_number`,
  );
}

describe("seeded bills", () => {
  it("are each the reads of the period at the tariff, plus the standing charge per day, to the minor unit", async () => {
    const rows = await billMeters();
    const bills = new Map<
      string,
      { amount: string; minor: number; total: bigint; meters: string[] }
    >();
    for (const row of rows) {
      expect(row.unit_rate, `${row.bill_number} ${row.meter_number} is priced`).not.toBeNull();
      expect(row.one_rate, `${row.bill_number}: one tariff through the period`).toBe(true);
      const energy = roundTo(
        scaled(row.used, 3) * scaled(row.unit_rate as string, 6),
        9,
        row.minor,
      );
      const standing = roundTo(
        BigInt(row.days) * scaled(row.standing_charge as string, 6),
        6,
        row.minor,
      );
      const bill = bills.get(row.bill_number) ?? {
        amount: row.amount,
        minor: row.minor,
        total: 0n,
        meters: [],
      };
      bill.total += energy + standing;
      bill.meters.push(row.meter_number);
      bills.set(row.bill_number, bill);
    }
    // Both ESCOs, every account, a year and more of months.
    expect(bills.size).toBeGreaterThan(80);
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(["USD", "GBP"]));
    for (const [number, bill] of bills) {
      expect(bill.total, `${number} (${bill.meters.join(", ")})`).toBe(
        scaled(bill.amount, bill.minor),
      );
    }
  });

  it("include John Smith's October 2026: 694.752 kWh × $0.139 + 31 days × $0.33 = $106.80", async () => {
    const rows = await billMeters();
    const october = rows.filter((r) => r.bill_number === "1234567890-202610");
    expect(october).toEqual([
      expect.objectContaining({
        amount: "106.80",
        currency: "USD",
        meter_number: "E-12345678",
        days: 31,
        used: "694.752",
        unit_rate: "0.139000",
        standing_charge: "0.330000",
      }),
    ]);
  });

  it("price Texas gas and water at the ESCO's standard tariffs, and Acme's electricity at its agreed discount", async () => {
    const rows = await billMeters();
    const rates = (meter: string) =>
      new Set(
        rows
          .filter((r) => r.meter_number === meter)
          .map((r) => `${r.unit_rate}/${r.standing_charge}`),
      );
    expect(rates("G-98765002")).toEqual(new Set(["0.580000/0.450000"]));
    expect(rates("W-98765003")).toEqual(new Set(["1.350000/0.200000"]));
    // 5% off $0.139 and $0.33.
    expect(rates("E-98765001")).toEqual(new Set(["0.132050/0.313500"]));
    expect(rates("G-UK0000102")).toEqual(new Set(["0.710000/0.310000"]));
  });
});
