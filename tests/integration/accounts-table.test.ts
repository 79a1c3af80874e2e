import { describe, expect, it } from "vitest";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { accountsCsv } from "@/db/queries/accounts-csv";
import { customerId } from "@/db/seed/static";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { resolveUsageWindow } from "@/lib/usage-window";
import { demo } from "./support/demo";
import { parseCsv } from "./support/readings";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

async function get(query: string, user = "bob") {
  return callRoute(getAccounts, `/api/accounts${query}`, { token: await accessToken(user) });
}

/** CSV records as objects keyed by the header. */
function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ""])));
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));
/** Sums in thousandths (usage has three decimals, money two), so floats cannot drift. */
const sum = (values: (number | null | undefined)[]) =>
  values.reduce<number>((total, v) => total + Math.round((v ?? 0) * 1000), 0) / 1000;

const acme: CustomerPrincipal = {
  kind: "customer",
  subject: "test-acme",
  username: "bob",
  customerId: customerId("acme"),
  roles: [],
  via: "bearer",
};

describe("the business accounts table: a column per fuel, totals that add up, and CSV", () => {
  it("gives bob usage per fuel for each account, and totals equal to the accounts and the summary", async () => {
    const list = await get("");
    expect(list.status, list.text).toBe(200);
    const { accounts, totals } = list.body;
    expect(accounts).toHaveLength(3);
    expect(Object.keys(totals.usageByType).sort()).toEqual(["electric", "gas", "water"]);
    for (const type of ["gas", "water"]) {
      expect(
        accounts.some((a: any) => (a.usageByType?.[type]?.usage ?? 0) > 0),
        `${type} used by some account`,
      ).toBe(true);
    }

    for (const [type, total] of Object.entries<any>(totals.usageByType)) {
      expect(total.usage, type).toBe(sum(accounts.map((a: any) => a.usageByType?.[type]?.usage)));
      expect(accounts.find((a: any) => a.usageByType?.[type])?.usageByType[type].unit).toBe(
        total.unit,
      );
    }
    expect(totals.electricity.usage).toBe(totals.usageByType.electric.usage);
    const [usd] = totals.byCurrency;
    expect(totals.byCurrency).toHaveLength(1);
    expect(usd.currentBalance).toBe(sum(accounts.map((a: any) => a.currentBalance)));
    expect(usd.totalDueAmount).toBe(sum(accounts.map((a: any) => a.totalDueAmount)));

    const summary = (
      await callRoute(getSummary, "/api/customer/summary", { token: await accessToken("bob") })
    ).body;
    expect(list.body.window).toEqual(summary.window);
    expect(totals.usageByType).toEqual(summary.usageByType);
    expect(usd.currentBalance).toBe(summary.totalCurrentBalance);
    expect(usd.totalDueAmount).toBe(summary.totalDueAmount);
  });

  it("sorts by gas and by water usage", async () => {
    for (const type of ["gas", "water"]) {
      const body = (await get(`?sort=${type}&dir=desc`)).body;
      const usage = body.accounts.map((a: any) => a.usageByType?.[type]?.usage ?? -1);
      expect(usage, type).toEqual([...usage].sort((x, y) => y - x));
    }
  });

  it("downloads every account as CSV with the API's figures, in the table's order", async () => {
    for (const query of ["?sort=balance&dir=desc", "?sort=name&q=e", "?sort=gas&dir=asc"]) {
      const api = (await get(query)).body;
      const csv = await get(`${query}&format=csv`);
      expect(csv.status, csv.text).toBe(200);
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(csv.headers.get("content-disposition")).toBe(
        `attachment; filename="accounts-${api.window.from}-${api.window.to}.csv"`,
      );
      const rows = csvObjects(csv.text);
      expect(rows.map((r) => r.accountNumber)).toEqual(
        api.accounts.map((a: any) => a.accountNumber),
      );
      for (const [i, a] of api.accounts.entries()) {
        const row = rows[i] ?? {};
        expect(row.nickname).toBe(text(a.nickname));
        expect(row.currentBalance).toBe(text(a.currentBalance));
        expect(row.totalDueAmount).toBe(text(a.totalDueAmount));
        expect(row.nextDueDate).toBe(text(a.nextDueDate));
        for (const type of Object.keys(api.totals.usageByType)) {
          expect(row[`${type}Usage`]).toBe(text(a.usageByType?.[type]?.usage));
          expect(row[`${type}Unit`]).toBe(text(a.usageByType?.[type]?.unit));
        }
      }
    }
    const header = parseCsv((await get("?format=csv")).text)[0];
    expect(header).toEqual([
      "accountNumber",
      "nickname",
      "role",
      "currency",
      "currentBalance",
      "totalDueAmount",
      "overdueAmount",
      "nextDueDate",
      "electricUsage",
      "electricUnit",
      "gasUsage",
      "gasUnit",
      "waterUsage",
      "waterUnit",
    ]);
  });

  it("reads every page into the CSV, whatever the page size", async () => {
    const window = resolveUsageWindow({});
    const options = { sort: "balance" as const, dir: "asc" as const };
    const whole = await accountsCsv({ principal: acme, window, options });
    const paged = await accountsCsv({ principal: acme, window, options, pageSize: 1 });
    expect(paged.body).toBe(whole.body);
    expect(csvObjects(paged.body)).toHaveLength(3);
  });

  it("never lists another customer's accounts, in JSON or CSV", async () => {
    const acmeAccounts = [
      demo.accounts.headquarters,
      demo.accounts.warehouse,
      demo.accounts.retail,
    ];
    const bob = (await get("")).body.accounts.map((a: any) => a.accountId);
    expect(bob.sort()).toEqual([...acmeAccounts].sort());

    const alice = await get("?format=csv", "alice");
    expect(alice.status).toBe(200);
    const numbers = csvObjects(alice.text).map((r) => r.accountNumber);
    expect(numbers).toEqual(["1234567890"]);

    // carol sees only the Acme accounts she is linked to, and no balances where her role has none.
    const carolJson = (await get("", "carol")).body;
    const carolCsv = csvObjects((await get("?format=csv", "carol")).text);
    expect(carolCsv.map((r) => r.accountNumber)).toEqual(
      carolJson.accounts.map((a: any) => a.accountNumber),
    );
    expect(carolCsv.length).toBeLessThan(3);

    const anonymous = await callRoute(getAccounts, "/api/accounts?format=csv");
    expect(anonymous.status).toBe(401);
  });

  it("answers a bad format or sort with problem+json", async () => {
    for (const query of ["?format=xlsx", "?sort=coal"]) {
      const result = await get(query);
      expect(result.status, query).toBe(422);
      expect(result.headers.get("content-type")).toContain("application/problem+json");
    }
  });
});
