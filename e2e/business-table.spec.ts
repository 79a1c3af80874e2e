import { readFile } from "node:fs/promises";
import { expect, storageStateOf, test } from "./fixtures";
import { keepScreenshot, viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("bob") });

/** Header and value of each CSV record (the portal's CSV has no quoted line breaks). */
function csvObjects(text: string): Record<string, string>[] {
  const split = (line: string) =>
    [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
      .slice(0, -1)
      .map(([, field = ""]) =>
        field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field,
      );
  const [header, ...rows] = text.split("\r\n").filter(Boolean).map(split);
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ""])));
}

test("bob's accounts table has a column per fuel, totals, and a CSV with the API's figures", async ({
  page,
}, testInfo) => {
  await page.setViewportSize(viewports.desktop);
  await page.goto("/");
  const table = page.getByRole("region", { name: "Accounts table" });
  for (const name of [
    /^Account/,
    /^Balance/,
    /^Amount due/,
    /^Next due/,
    /^Electricity \(kWh\)/,
    /^Gas \(/,
    /^Water \(/,
  ]) {
    await expect(table.getByRole("columnheader", { name })).toBeVisible();
  }
  await expect(page.getByTestId("account-row")).toHaveCount(3);
  const totals = page.getByTestId("totals-row");
  await expect(totals).toBeVisible();
  await expect(page.getByTestId("usage-window")).toContainText("Usage from");
  await keepScreenshot(page, testInfo, "business-table-desktop");

  const api = await (await page.request.get("/api/accounts?sort=name&dir=asc")).json();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^accounts-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const rows = csvObjects(await readFile(await download.path(), "utf8"));
  expect(rows.map((r) => r.accountNumber)).toEqual(api.accounts.map((a: any) => a.accountNumber));
  for (const [i, account] of api.accounts.entries()) {
    expect(rows[i]?.currentBalance).toBe(String(account.currentBalance));
    for (const type of ["electric", "gas", "water"]) {
      expect(rows[i]?.[`${type}Usage`]).toBe(String(account.usageByType?.[type]?.usage ?? ""));
    }
  }
  // The table's rows are the CSV's, in the same order.
  await expect(page.getByTestId("account-row").locator("td:nth-child(2)")).toHaveText(
    api.accounts.map((a: any) => a.accountNumber),
  );
});

test("at 375 px every column and the totals can be reached, with the account column kept in view", async ({
  page,
}, testInfo) => {
  await page.setViewportSize(viewports.phone);
  await page.goto("/");
  const table = page.getByRole("region", { name: "Accounts table" });
  await expect(page.getByTestId("account-row")).toHaveCount(3);

  // The page itself never scrolls sideways: the controls wrap and the table scrolls in its card.
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(viewports.phone.width);
  const csvLink = page.getByRole("link", { name: "Download CSV" });
  await csvLink.scrollIntoViewIfNeeded();
  await expect(csvLink).toBeInViewport({ ratio: 1 });
  await keepScreenshot(page, testInfo, "business-table-phone");

  const headers = table.getByRole("columnheader");
  const names = await headers.allInnerTexts();
  expect(names.length).toBeGreaterThanOrEqual(8);
  const firstCell = page.getByTestId("account-cell").first();
  const tableBox = await table.boundingBox();
  const stickyRight = ((await firstCell.boundingBox())?.width ?? 0) + (tableBox?.x ?? 0);
  const tableRight = (tableBox?.x ?? 0) + (tableBox?.width ?? 0);
  for (let i = 0; i < names.length; i++) {
    await headers.nth(i).scrollIntoViewIfNeeded();
    await expect(headers.nth(i), names[i]).toBeInViewport({ ratio: 0.99 });
    // Clear of the sticky column and within the table's card.
    const header = await headers.nth(i).boundingBox();
    if (i > 0) expect(header?.x ?? 0, names[i]).toBeGreaterThanOrEqual(stickyRight - 2);
    expect((header?.x ?? 0) + (header?.width ?? 0), names[i]).toBeLessThanOrEqual(tableRight + 2);
    const total = page.getByTestId("totals-row").locator("th, td").nth(i);
    await total.scrollIntoViewIfNeeded();
    await expect(total, `total under ${names[i]}`).toBeInViewport();
    // However far the table has scrolled, the account names stay at its left edge.
    await expect(firstCell).toBeInViewport({ ratio: 1 });
    const box = await firstCell.boundingBox();
    expect(Math.abs((box?.x ?? 0) - (tableBox?.x ?? 0))).toBeLessThanOrEqual(2);
  }
  const scrolled = await table.evaluate((el) => el.scrollLeft);
  expect(scrolled).toBeGreaterThan(0);
  await expect(page.getByTestId("total-usage-water")).toBeInViewport();
  await expect(page.getByTestId("totals-row").locator("th")).toBeInViewport({ ratio: 1 });
  await keepScreenshot(page, testInfo, "business-table-phone-scrolled");
});
