import { describe, expect, it } from "vitest";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

async function list(query: string, user = "bob") {
  return callRoute(getAccounts, `/api/accounts${query}`, { token: await accessToken(user) });
}

async function allPages(query: string) {
  const pages = [];
  let cursor: string | null = null;
  do {
    const separator = query ? "&" : "?";
    const page = await list(`${query}${cursor ? `${separator}cursor=${cursor}` : ""}`);
    expect(page.status, page.text).toBe(200);
    pages.push(page.body);
    cursor = page.body.next;
  } while (cursor);
  return pages;
}

describe("GET /api/accounts: pages, sorting and filtering on the server", () => {
  it("pages through every account exactly once, in account-number order by default", async () => {
    const whole = (await list("")).body;
    expect(whole.next).toBeNull();
    expect(whole.total).toBe(3);
    const pages = await allPages("?limit=1");
    expect(pages).toHaveLength(3);
    expect(pages.flatMap((p) => p.accounts.map((a: any) => a.accountNumber))).toEqual(
      whole.accounts.map((a: any) => a.accountNumber),
    );
    expect(whole.accounts.map((a: any) => a.accountNumber)).toEqual(
      [...whole.accounts.map((a: any) => a.accountNumber)].sort(),
    );
  });

  it("sorts by balance, due date, usage and name, both ways, across pages", async () => {
    const whole = (await list("")).body.accounts;
    const by: Record<string, (a: any) => number | string> = {
      balance: (a) => a.currentBalance,
      due: (a) => a.nextDueDate ?? "9999-12-31",
      usage: (a) => a.usageByType?.electric?.usage ?? -1,
      gas: (a) => a.usageByType?.gas?.usage ?? -1,
      water: (a) => a.usageByType?.water?.usage ?? -1,
      name: (a) => (a.nickname ?? a.accountNumber).toLowerCase(),
    };
    for (const [sort, key] of Object.entries(by)) {
      for (const dir of ["asc", "desc"]) {
        const paged = (await allPages(`?sort=${sort}&dir=${dir}&limit=2`)).flatMap((p) =>
          p.accounts.map((a: any) => a.accountNumber),
        );
        const expected = [...whole]
          .sort((a, b) => {
            const [x, y] = [key(a), key(b)];
            const order = x < y ? -1 : x > y ? 1 : a.accountNumber < b.accountNumber ? -1 : 1;
            return dir === "asc" ? order : -order;
          })
          .map((a) => a.accountNumber);
        expect(paged, `${sort} ${dir}`).toEqual(expected);
      }
    }
  });

  it("filters by nickname or number, and totals what matches", async () => {
    const warehouse = (await list("?q=WARE")).body;
    expect(warehouse.accounts.map((a: any) => a.nickname)).toEqual(["Warehouse District"]);
    expect(warehouse.total).toBe(1);
    expect(warehouse.totals.byCurrency).toEqual([
      {
        currency: "USD",
        currentBalance: warehouse.accounts[0].currentBalance,
        totalDueAmount: warehouse.accounts[0].totalDueAmount,
      },
    ]);
    expect((await list("?q=7777")).body.accounts.map((a: any) => a.accountNumber)).toEqual([
      "7777777777",
    ]);
    expect((await list("?q=nothing-like-this")).body).toMatchObject({ accounts: [], total: 0 });

    // Over every account, the totals are the customer's.
    const all = (await list("?limit=1")).body;
    const summary = (
      await callRoute(getSummary, "/api/customer/summary", { token: await accessToken("bob") })
    ).body;
    expect(all.totals.byCurrency[0].currentBalance).toBeCloseTo(summary.totalCurrentBalance, 2);
    expect(all.totals.electricity.usage).toBeCloseTo(summary.usageByType.electric.usage, 2);
  });

  it("refuses cursors it did not issue, or issued for another ordering", async () => {
    const first = (await list("?limit=1&sort=balance")).body;
    for (const query of ["?cursor=bm90LWEtY3Vyc29y", `?sort=name&cursor=${first.next}`]) {
      const result = await list(query);
      expect(result.status).toBe(422);
      expect(result.body.errors[0]).toMatchObject({ field: "cursor", code: "invalid_cursor" });
    }
    const tooMany = await list("?limit=501");
    expect(tooMany.status).toBe(422);
  });
});
