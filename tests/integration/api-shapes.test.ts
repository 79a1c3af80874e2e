import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { GET as getPayments } from "@/app/api/accounts/[accountId]/payments/route";
import { GET as getPremises } from "@/app/api/accounts/[accountId]/premises/route";
import { GET as getAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccountSummary } from "@/app/api/accounts/[accountId]/summary/route";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { GET as getMeter } from "@/app/api/meters/[meterId]/route";
import { GET as getNotifications } from "@/app/api/preferences/notifications/route";
import { GET as getPreferences } from "@/app/api/preferences/route";
import { GET as getMeters } from "@/app/api/premises/[premiseId]/meters/route";
import { GET as getPremise } from "@/app/api/premises/[premiseId]/route";
import { getDb, queryRows } from "@/db/client";
import { accountDetail, accountList, accountSummary } from "@/lib/schemas/accounts";
import { billPage, paymentPage } from "@/lib/schemas/billing";
import { customerSummary } from "@/lib/schemas/customer";
import { notifications, preferences } from "@/lib/schemas/preferences";
import { meterDetail, meterList, premiseDetail, premiseList } from "@/lib/schemas/premises";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

async function get(
  handler: Parameters<typeof callRoute>[0],
  path: string,
  user: string,
  params = {},
) {
  const result = await callRoute(handler, path, { token: await accessToken(user), params });
  expect(result.status, result.text).toBe(200);
  return result.body;
}

/** Balance as the ledger defines it, computed independently of the API's SQL. */
async function ledgerBalance(accountId: string): Promise<number> {
  const [row] = await queryRows<{ balance: string }>(
    getDb(),
    sql`SELECT (SELECT coalesce(sum(amount), 0) FROM bills WHERE account_id = ${accountId}::uuid AND status <> 'void')
             - (SELECT coalesce(sum(amount), 0) FROM payments WHERE account_id = ${accountId}::uuid) AS balance`,
  );
  return Number(row?.balance);
}

describe("customer summary", () => {
  it("totals Acme's three accounts, six premises and ten meters, in dollars", async () => {
    const body = customerSummary.parse(await get(getSummary, "/api/customer/summary", "bob"));
    expect(body).toMatchObject({
      totalAccounts: 3,
      totalPremises: 6,
      totalMeters: 10,
      currency: "USD",
    });
    const expected =
      (await ledgerBalance(demo.accounts.headquarters)) +
      (await ledgerBalance(demo.accounts.warehouse)) +
      (await ledgerBalance(demo.accounts.retail));
    expect(body.totalCurrentBalance).toBeCloseTo(expected, 2);
    expect(body.overdueAmount).toBeGreaterThan(0);
    expect(Object.keys(body.usageByType).sort()).toEqual(["electric", "gas", "water"]);
    expect(body.usageByType.electric?.unit).toBe("kWh");
  });

  it("reports usage in the window and in the window before it", async () => {
    const body = customerSummary.parse(
      await get(getSummary, "/api/customer/summary?from=2026-10-01&to=2026-11-01", "alice"),
    );
    expect(body.window).toEqual({
      from: "2026-10-01",
      to: "2026-11-01",
      previous: { from: "2026-08-31", to: "2026-10-01" },
    });
    const [row] = await queryRows<{ current: string; previous: string }>(
      getDb(),
      sql`SELECT
            sum(consumption) FILTER (WHERE read_at > '2026-10-01 00:00-05' AND read_at <= '2026-11-01 00:00-05') AS current,
            sum(consumption) FILTER (WHERE read_at > '2026-08-31 00:00-05' AND read_at <= '2026-10-01 00:00-05') AS previous
          FROM meter_readings WHERE meter_id = ${demo.meters.johnSmith}::uuid`,
    );
    expect(body.usageByType.electric?.usage).toBeCloseTo(Number(row?.current), 3);
    expect(body.previous.usageByType.electric?.usage).toBeCloseTo(Number(row?.previous), 3);
  });
});

describe("accounts", () => {
  it("lists John Smith's single account with its balance as the ledger has it", async () => {
    const body = accountList.parse(await get(getAccounts, "/api/accounts", "alice"));
    expect(body.accounts).toHaveLength(1);
    const [account] = body.accounts;
    expect(account).toMatchObject({
      accountNumber: "1234567890",
      nickname: null,
      role: "occupier",
      currency: "USD",
    });
    expect(account?.currentBalance).toBeCloseTo(await ledgerBalance(demo.accounts.johnSmith), 2);
  });

  it("gives the documented account detail: balance, last payment, premises with meters", async () => {
    const body = accountDetail.parse(
      await get(getAccount, "/x", "alice", { accountId: demo.accounts.johnSmith }),
    );
    expect(body).toMatchObject({
      accountNumber: "1234567890",
      premises: [
        {
          street: "123 Main Street",
          city: "Anytown",
          state: "TX",
          zip: "75001",
          isPrimary: true,
          meters: [{ meterNumber: "E-12345678", type: "electric", status: "active" }],
        },
      ],
    });
    expect(body.lastPaymentDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.lastPaymentAmount).toBeGreaterThan(0);
  });

  it("summarises one of Acme's accounts, naming the warehouse", async () => {
    const body = accountSummary.parse(
      await get(getAccountSummary, "/x", "bob", { accountId: demo.accounts.warehouse }),
    );
    expect(body).toMatchObject({
      nickname: "Warehouse District",
      totalPremises: 2,
      totalMeters: 3,
    });
    expect(body.overdueAmount).toBeGreaterThan(0);
  });

  it("lists premises, bills and payments", async () => {
    const premises = premiseList.parse(
      await get(getPremises, "/x", "bob", { accountId: demo.accounts.headquarters }),
    );
    expect(premises.premises.map((p) => p.street)).toEqual([
      "500 Commerce Street",
      "510 Commerce Street",
    ]);
    const bills = billPage.parse(
      await get(getBills, "/x", "alice", { accountId: demo.accounts.johnSmith }),
    );
    expect(bills.bills.length).toBeGreaterThan(0);
    expect(bills.bills[0]?.billNumber).toMatch(/^1234567890-\d{6}$/);
    const payments = paymentPage.parse(
      await get(getPayments, "/x", "alice", { accountId: demo.accounts.johnSmith }),
    );
    expect(payments.payments[0]?.method).toBe("card");
  });
});

describe("premises, meters and preferences", () => {
  it("describe the premise and its meters with the latest read", async () => {
    const premise = premiseDetail.parse(
      await get(getPremise, "/x", "alice", { premiseId: demo.premises.mainStreet }),
    );
    expect(premise.esco).toEqual({
      code: "TXE",
      name: "Lone Star Energy",
      currency: "USD",
      timezone: "America/Chicago",
    });
    const meters = meterList.parse(
      await get(getMeters, "/x", "alice", { premiseId: demo.premises.mainStreet }),
    );
    expect(meters.meters.map((m) => m.meterNumber)).toEqual(["E-12345678"]);
  });

  it("give the documented meter detail", async () => {
    const body = meterDetail.parse(
      await get(getMeter, "/x", "alice", { meterId: demo.meters.johnSmith }),
    );
    const [last] = await queryRows<{ register_value: string }>(
      getDb(),
      sql`SELECT register_value FROM meter_readings WHERE meter_id = ${demo.meters.johnSmith}::uuid ORDER BY read_at DESC LIMIT 1`,
    );
    expect(body).toMatchObject({
      meterNumber: "E-12345678",
      installDate: "2020-03-15",
      unit: "kWh",
      lastReadingDate: "2026-11-15",
      premise: { street: "123 Main Street", city: "Anytown", state: "TX", zip: "75001" },
    });
    expect(body.lastReading).toBeCloseTo(Number(last?.register_value), 3);
  });

  it("give the documented preferences", async () => {
    const body = preferences.parse(await get(getPreferences, "/api/preferences", "alice"));
    expect(body).toEqual({
      billDelivery: "email",
      notifications: {
        billReady: true,
        paymentDue: true,
        outageAlerts: true,
        highUsageAlerts: false,
      },
      autoPay: { enabled: false, paymentMethodId: null },
      mailingAddress: {
        sameAsPrimaryPremise: true,
        street: null,
        unit: null,
        city: null,
        state: null,
        zip: null,
        country: null,
      },
    });
    expect(notifications.parse(await get(getNotifications, "/x", "bob")).highUsageAlerts).toBe(
      true,
    );
  });
});
