import { beforeAll, describe, expect, it } from "vitest";
import { customerId, escoId } from "@/db/seed/static";
import { auditOf, outboxFor, read, rest } from "./support/rest";

const TOM = customerId("tom-evans");
const GRACE = customerId("grace-hall");
const MARCUS = customerId("marcus-webb");
const JOHN = customerId("john-smith");
const NEXT_YEAR = "2027-01-01";

const SELECT =
  "select=id,period_start,is_override,microgrid_tariff_id,benchmark_tariff_id,discount_rate_basis_points," +
  "unit:computed_unit_rate::text,standing:computed_standing_charge::text";
const representation = { prefer: "return=representation" };

/** benchmark × (1 − bp/10000) rounded to 6 places, in integers: the test's own arithmetic. */
function discounted(rate: string, bp: number): string {
  const [whole = "0", fraction = ""] = rate.split(".");
  const micro = BigInt(whole + fraction.padEnd(6, "0").slice(0, 6));
  const scaled = (micro * BigInt(10_000 - bp) + 5_000n) / 10_000n;
  const digits = scaled.toString().padStart(7, "0");
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
}

let microgrid: {
  id: string;
  discount_rate_basis_points: number;
  benchmark: { id: string; unit: string; standing: string };
};

beforeAll(async () => {
  [microgrid] = await read(
    `microgrid_tariffs?esco_id=eq.${escoId("BRX")}&fuel=eq.electric&period_start=lte.${NEXT_YEAR}&order=period_start.desc&limit=1` +
      "&select=id,discount_rate_basis_points,benchmark:benchmark_tariff(id,unit:unit_rate::text,standing:standing_charge::text)",
  );
});

async function addTariff(body: Record<string, unknown> | Record<string, unknown>[]) {
  return rest("POST", `customer_tariffs?${SELECT}`, { body, headers: representation });
}

describe("POST /api/rest/customer_tariffs", () => {
  it("inherits the ESCO's microgrid discount in force on period_start, computing the rates", async () => {
    const result = await addTariff({ customer_id: TOM, period_start: NEXT_YEAR });
    expect(result.status).toBe(201);
    expect(result.body).toEqual([
      {
        id: expect.any(String),
        period_start: NEXT_YEAR,
        is_override: false,
        microgrid_tariff_id: microgrid.id,
        benchmark_tariff_id: microgrid.benchmark.id,
        discount_rate_basis_points: 1500,
        unit: discounted(microgrid.benchmark.unit, 1500),
        standing: discounted(microgrid.benchmark.standing, 1500),
      },
    ]);
    const [entry] = await auditOf(TOM, "TariffChanged");
    expect(entry).toMatchObject({
      actor_type: "admin",
      data: {
        change: "added",
        period_start: NEXT_YEAR,
        is_override: false,
        discount_rate_basis_points: 1500,
        computed_unit_rate: discounted(microgrid.benchmark.unit, 1500),
      },
    });
    expect((await outboxFor(TOM)).at(-1)?.event_type).toBe("TariffChanged");
  });

  it("sets an override when a discount is given", async () => {
    const result = await addTariff({
      customer_id: GRACE,
      period_start: NEXT_YEAR,
      discount_rate_basis_points: 2500,
    });
    expect(result.status).toBe(201);
    expect(result.body[0]).toMatchObject({
      is_override: true,
      microgrid_tariff_id: null,
      benchmark_tariff_id: microgrid.benchmark.id,
      discount_rate_basis_points: 2500,
      unit: discounted(microgrid.benchmark.unit, 2500),
      standing: discounted(microgrid.benchmark.standing, 2500),
    });
  });

  it("allows one tariff per customer, fuel and period_start", async () => {
    const result = await addTariff({
      customer_id: TOM,
      period_start: NEXT_YEAR,
      discount_rate_basis_points: 100,
    });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      code: "23505",
      message: "This customer already has a tariff for this fuel starting on that date.",
    });
    const bulk = await addTariff([
      { customer_id: GRACE, period_start: "2027-04-01" },
      { customer_id: GRACE, period_start: "2027-04-01" },
    ]);
    expect(bulk.status).toBe(409);
    expect(
      await read(`customer_tariffs?customer_id=eq.${GRACE}&period_start=eq.2027-04-01`),
    ).toEqual([]);
  });

  it.each([
    ["a computed rate", { computed_unit_rate: "0.01" }, "428C9"],
    ["is_override", { is_override: true }, "428C9"],
    ["the source microgrid tariff", { microgrid_tariff_id: null }, "428C9"],
    ["a discount above 100%", { discount_rate_basis_points: 10001 }, "23514"],
    ["a negative discount", { discount_rate_basis_points: -1 }, "23514"],
    ["a fractional discount", { discount_rate_basis_points: 12.5 }, "23514"],
  ])("refuses %s with 400", async (_, extra, code) => {
    const result = await addTariff({ customer_id: TOM, period_start: "2027-07-01", ...extra });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe(code);
  });

  it("answers 422 when there is nothing to inherit", async () => {
    const noPremises = await addTariff({ customer_id: MARCUS, period_start: NEXT_YEAR });
    expect(noPremises.status).toBe(422);
    expect(noPremises.body.code).toBe("no_esco");
    const noWaterTariff = await addTariff({
      customer_id: TOM,
      period_start: NEXT_YEAR,
      fuel: "water",
    });
    expect(noWaterTariff.status).toBe(422);
    expect(noWaterTariff.body.code).toBe("no_microgrid_tariff");
    expect(noWaterTariff.body.message).toMatch(/no water tariff in force/);
    const tooEarly = await addTariff({ customer_id: TOM, period_start: "2020-01-01" });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.message).toMatch(/no electric tariff in force on 2020-01-01/);
  });

  it("inherits the ESCO's tariff for the fuel asked: a Texas customer's gas at the standard rate", async () => {
    const [standard] = await read(
      `microgrid_tariffs?esco_id=eq.${escoId("TXE")}&fuel=eq.gas&period_start=lte.${NEXT_YEAR}&order=period_start.desc&limit=1` +
        "&select=id,benchmark:benchmark_tariff(id,unit:unit_rate::text,standing:standing_charge::text)",
    );
    const result = await addTariff({ customer_id: JOHN, period_start: NEXT_YEAR, fuel: "gas" });
    expect(result.status).toBe(201);
    expect(result.body).toEqual([
      expect.objectContaining({
        is_override: false,
        microgrid_tariff_id: standard.id,
        benchmark_tariff_id: standard.benchmark.id,
        discount_rate_basis_points: 0,
        unit: discounted(standard.benchmark.unit, 0),
        standing: discounted(standard.benchmark.standing, 0),
      }),
    ]);
  });

  it("takes an override with an explicit benchmark for a customer without an ESCO", async () => {
    const result = await addTariff({
      customer_id: MARCUS,
      period_start: NEXT_YEAR,
      discount_rate_basis_points: 0,
      benchmark_tariff_id: microgrid.benchmark.id,
    });
    expect(result.status).toBe(201);
    expect(result.body[0]).toMatchObject({
      is_override: true,
      unit: discounted(microgrid.benchmark.unit, 0),
    });
    const unknown = await addTariff({
      customer_id: MARCUS,
      period_start: "2027-04-01",
      discount_rate_basis_points: 0,
      benchmark_tariff_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(409);
    expect(unknown.body.code).toBe("23503");
  });
});

describe("PATCH and DELETE /api/rest/customer_tariffs", () => {
  it("re-computes a future tariff's rates as an override", async () => {
    const result = await rest(
      "PATCH",
      `customer_tariffs?customer_id=eq.${TOM}&period_start=eq.${NEXT_YEAR}&${SELECT}`,
      {
        body: { discount_rate_basis_points: 500 },
        headers: representation,
      },
    );
    expect(result.status).toBe(200);
    expect(result.body[0]).toMatchObject({
      is_override: true,
      microgrid_tariff_id: null,
      discount_rate_basis_points: 500,
      unit: discounted(microgrid.benchmark.unit, 500),
      standing: discounted(microgrid.benchmark.standing, 500),
    });
    const [, updated] = await auditOf(TOM, "TariffChanged");
    expect(updated.data).toMatchObject({
      change: "updated",
      previous_discount_rate_basis_points: 1500,
    });
  });

  it("refuses to change or delete a tariff that has started", async () => {
    const started = `customer_tariffs?customer_id=eq.${TOM}&period_start=lte.2026-10-01`;
    const before = await read(started);
    expect(before.length).toBeGreaterThan(0);
    const patch = await rest("PATCH", started, { body: { discount_rate_basis_points: 0 } });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe("tariff_started");
    const remove = await rest("DELETE", started);
    expect(remove.status).toBe(409);
    expect(await read(started)).toEqual(before);
  });

  it("deletes a future tariff, recording it", async () => {
    const result = await rest(
      "DELETE",
      `customer_tariffs?customer_id=eq.${TOM}&period_start=eq.${NEXT_YEAR}`,
    );
    expect(result.status).toBe(204);
    expect(
      await read(`customer_tariffs?customer_id=eq.${TOM}&period_start=eq.${NEXT_YEAR}`),
    ).toEqual([]);
    expect((await auditOf(TOM, "TariffChanged")).at(-1)?.data.change).toBe("removed");
  });
});
