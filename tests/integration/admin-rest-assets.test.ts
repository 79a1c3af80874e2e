import { describe, expect, it } from "vitest";
import { customerId, escoId } from "@/db/seed/static";
import { outboxFor, read, rest } from "./support/rest";

const representation = { prefer: "return=representation" };

async function created(path: string, body: Record<string, unknown>) {
  const result = await rest("POST", path, { body, headers: representation });
  expect(result.status, result.text).toBe(201);
  return result.body[0];
}

describe("accounts, premises and meters", () => {
  it("queue their integration events", async () => {
    const account = await created("accounts", {
      account_number: "4400000077",
      type: "residential",
    });
    const inactive = await rest("PATCH", `accounts?id=eq.${account.id}`, {
      body: { status: "inactive", nickname: "Spare flat" },
    });
    expect(inactive.status).toBe(204);
    expect((await outboxFor(account.id)).map((e) => [e.event_type, e.payload.data])).toEqual([
      [
        "AccountCreated",
        { id: account.id, accountNumber: "4400000077", type: "residential", status: "active" },
      ],
      ["AccountStatusChanged", { id: account.id, from: "active", to: "inactive" }],
      ["AccountUpdated", { id: account.id, fields: ["nickname"] }],
    ]);

    const premise = await created("premises", {
      account_id: account.id,
      esco_id: escoId("BRX"),
      street: "1 Acre Lane",
      city: "London",
      zip: "SW2 5SG",
      country: "GB",
      is_primary: true,
    });
    const meter = await created("meters", {
      premise_id: premise.id,
      meter_number: "E-UK0000777",
      type: "electric",
      unit: "kWh",
      install_date: "2026-11-01",
    });
    const removed = await rest("PATCH", `meters?id=eq.${meter.id}`, {
      body: { status: "removed", removal_date: "2026-11-20" },
    });
    expect(removed.status).toBe(204);
    expect((await outboxFor(premise.id)).map((e) => e.event_type)).toEqual(["PremiseAdded"]);
    expect((await outboxFor(meter.id)).map((e) => e.event_type)).toEqual([
      "MeterInstalled",
      "MeterRemoved",
    ]);
  });

  it("keep the database's rules: one primary premise, consistent meters, valid numbers", async () => {
    const account = await created("accounts", {
      account_number: "4400000078",
      type: "residential",
    });
    const premise = {
      account_id: account.id,
      esco_id: escoId("BRX"),
      street: "2 Acre Lane",
      city: "London",
      zip: "SW2 5SG",
      country: "GB",
    };
    const noPrimary = await rest("POST", "premises", { body: { ...premise, is_primary: false } });
    expect(noPrimary.status).toBe(409);
    expect(noPrimary.body.details).toBe("Violates premises_exactly_one_primary.");
    await created("premises", { ...premise, is_primary: true });
    const second = await rest("POST", "premises", { body: { ...premise, is_primary: true } });
    expect(second.status).toBe(409);
    const badMeter = await rest("POST", "meters", {
      body: {
        premise_id: premise.account_id,
        meter_number: "G-1",
        type: "gas",
        unit: "kWh",
        install_date: "2026-11-01",
      },
    });
    expect([400, 409]).toContain(badMeter.status);
    const badNumber = await rest("POST", "accounts", {
      body: { account_number: "12345", type: "residential" },
    });
    expect(badNumber.status).toBe(400);
    expect(badNumber.body).toMatchObject({
      code: "23514",
      details: "Violates accounts_number_format.",
    });
  });

  it("cannot be deleted, and reference data cannot be changed", async () => {
    expect((await rest("DELETE", "meters?meter_number=eq.E-12345678")).status).toBe(405);
    expect((await rest("DELETE", "premises?zip=eq.75001")).status).toBe(405);
    expect(
      (await rest("PATCH", "benchmark_tariffs?code=eq.UK-CAP-ELEC-LON", { body: { unit_rate: 0 } }))
        .status,
    ).toBe(405);
    const esco = await rest("PATCH", "escos?code=eq.BRX", {
      body: { name: "Brixton Energy" },
      headers: representation,
    });
    expect(esco.body).toMatchObject([{ code: "BRX", name: "Brixton Energy" }]);
  });
});

describe("statements per write", () => {
  it("change the rows in one statement, inside one transaction with the lock and the events", async () => {
    const john = customerId("john-smith");
    const result = await rest("PATCH", `customers?id=eq.${john}`, {
      body: { phone: "+1 972 555 0177" },
      headers: representation,
    });
    expect(result.status).toBe(200);
    const kinds = result.statements.map((s) =>
      s.trim().split(/\s+/).slice(0, 3).join(" ").toLowerCase(),
    );
    expect(kinds).toEqual([
      "select (select json_object_agg(e.key,",
      "with changed as",
      'insert into "customer_events"',
      'insert into "outbox"',
    ]);
    expect(result.statements.filter((s) => /\bupdate "customers"/i.test(s))).toHaveLength(1);
    expect(result.statements[0]).toMatch(/FOR UPDATE OF "t0"$/);
    expect(await read(`customers?id=eq.${john}&select=phone`)).toEqual([{ phone: "+19725550177" }]);
  });
});
