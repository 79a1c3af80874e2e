import type { APIRequestContext, Page } from "@playwright/test";
import { expect, storageStateOf, test } from "./fixtures";
import { datedPortals } from "./support/stack-layout";

/**
 * The portal opened on awkward days (the 1st and the 3rd of a month, a due date that is today,
 * New Year's Day, the days after a DST change, 29 February), each served by a portal whose clock
 * stands on that day. What the pages say must agree with the API, and nothing is blank,
 * placeholder or contradictory.
 */

const locales: Record<string, string> = { USD: "en-US", GBP: "en-GB" };
const money = (amount: number, currency: string) =>
  new Intl.NumberFormat(locales[currency], { style: "currency", currency }).format(amount);
const day = (date: string, currency: string, style: "medium" | "long") =>
  new Intl.DateTimeFormat(locales[currency], { dateStyle: style, timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );

/** Text that only shows up when a figure went missing or wrong on its way to the page. */
const BROKEN = /NaN|Invalid Date|undefined|\bnull\b|Infinity/;

async function json(request: APIRequestContext, url: string) {
  const response = await request.get(url);
  expect(response.status(), url).toBe(200);
  return response.json();
}

async function expectNothingBroken(page: Page) {
  await expect(page.getByRole("main")).not.toContainText(BROKEN);
}

for (const portal of datedPortals) {
  test.describe(`on ${portal.why} (${portal.at.slice(0, 10)})`, () => {
    test.use({ baseURL: portal.url });

    for (const user of ["alice", "bob", "priya"]) {
      test.describe(`as ${user}`, () => {
        test.use({ storageState: storageStateOf(user) });

        test("the dashboard's balance, due date, usage and bills agree with the API", async ({
          page,
        }) => {
          const health = await json(page.request, "/api/health");
          expect(health.time).toBe(new Date(portal.at).toISOString());
          const summary = await json(page.request, "/api/customer/summary");
          const { accounts } = await json(page.request, "/api/accounts");
          await page.goto("/");
          await expectNothingBroken(page);

          const balance = page.getByRole("region", { name: /Balance/ });
          for (const totals of summary.byCurrency) {
            const c = totals.currency;
            await expect(balance.getByTestId("total-due")).toContainText(
              money(totals.totalDueAmount, c),
            );
            const line = totals.nextDueDate
              ? `Next payment due ${day(totals.nextDueDate, c, "long")}`
              : totals.overdueAmount > 0
                ? "Nothing else is due"
                : "Nothing to pay";
            await expect(balance).toContainText(line);
            if (totals.overdueAmount > 0)
              await expect(balance.getByTestId("overdue")).toContainText(
                money(totals.overdueAmount, c),
              );
            else await expect(balance.getByTestId("overdue")).toHaveCount(0);
          }

          // The usage card covers the API's window, whole days that have data.
          const usage = page.getByRole("region", { name: "Usage this period" });
          for (const [type, figure] of Object.entries(summary.usageByType) as [
            string,
            { usage: number },
          ][]) {
            await expect(usage.getByTestId(`usage-${type}`)).toBeVisible();
            if (type === "electric") expect(figure.usage).toBeGreaterThan(0);
          }
          await expect(usage).not.toContainText("—");

          // The newest bill on the dashboard is the newest the API lists across the accounts.
          const billing = accounts.filter((a: any) => a.capabilities.includes("billing"));
          const newest = [];
          for (const account of billing) {
            const { bills } = await json(
              page.request,
              `/api/accounts/${account.accountId}/bills?limit=1`,
            );
            if (bills[0]) newest.push(bills[0]);
          }
          const latestIssue = newest
            .map((b) => b.issueDate)
            .sort()
            .at(-1);
          const latest = newest.filter((b) => b.issueDate === latestIssue);
          const recent = page.getByRole("region", { name: "Recent bills" });
          if (latest[0]) {
            // Bills issued the same day may come in any order among themselves.
            const first = recent.locator("li").first();
            await expect(first).toContainText(
              day(latest[0].periodStart, latest[0].currency, "medium"),
            );
            const text = await first.innerText();
            expect(latest.some((b) => text.includes(money(b.amount, b.currency)))).toBe(true);
          } else await expect(recent).toContainText("No bills yet");
        });

        test("every account says when its next payment is due, or why none is", async ({
          page,
        }) => {
          const { accounts } = await json(page.request, "/api/accounts");
          const billing = accounts.filter((a: any) => a.capabilities.includes("billing"));
          await page.goto("/accounts");
          await expectNothingBroken(page);
          const expected = (account: any) =>
            account.nextDueDate
              ? day(account.nextDueDate, account.currency, "medium")
              : account.overdueAmount > 0
                ? "Overdue now"
                : "Nothing due";
          for (const account of billing) {
            const card = page.getByRole("listitem").filter({ hasText: account.accountNumber });
            await expect(card.getByRole("definition").nth(1)).toHaveText(expected(account));
          }
          const first = billing[0];
          await page.goto(`/accounts/${first.accountId}`);
          await expectNothingBroken(page);
          await expect(
            page.locator("dt", { hasText: "Next due" }).locator("xpath=following-sibling::dd[1]"),
          ).toHaveText(expected(first));
        });

        test("the meter's usage opens on the last day with data", async ({ page }) => {
          const { accounts } = await json(page.request, "/api/accounts");
          const account = accounts.find((a: any) => a.capabilities.includes("usage"));
          const detail = await json(page.request, `/api/accounts/${account.accountId}`);
          const meter = detail.premises.flatMap((p: any) => p.meters).find((m: any) => m.isSmart);
          const readings = await json(
            page.request,
            `/api/meters/${meter.meterId}/readings?limit=1`,
          );
          await page.goto(`/meters/${meter.meterId}`);
          await expect(
            page.getByTestId("period-total").or(page.getByTestId("no-data")),
          ).toBeVisible();
          await expect(page.getByTestId("period-total")).toBeVisible();
          await expectNothingBroken(page);
          // A week that ends on the last day with reads: a read at midnight closes the day before.
          const lastDay = new Intl.DateTimeFormat("en-CA", { timeZone: readings.timezone }).format(
            new Date(Date.parse(readings.dataAvailableUntil) - 1000),
          );
          await expect(page.getByTestId("range-heading")).toContainText(
            `– ${day(lastDay, detail.currency, "long")}`,
          );
        });
      });
    }
  });
}
