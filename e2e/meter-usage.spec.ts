import { expect, storageStateOf, test } from "./fixtures";
import { MeterPage } from "./pages/meter-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { keepScreenshot, viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("alice") });

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split("\n")
    .map((line) => line.split(","));
}

test("alice switches ranges on her meter, downloads the CSV and it matches the API", async ({
  page,
}, testInfo) => {
  const meter = new MeterPage(page);
  await meter.openFromAccount("Account 1234567890", "E-12345678");
  await meter.waitForData();
  await expect(meter.period("Week")).toHaveAttribute("aria-pressed", "true");
  await expectNoSeriousA11yViolations(page, testInfo, "meter-alice");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `meter-alice-${name}`);
  }
  await page.setViewportSize(viewports.desktop);

  await meter.choose("Month");
  await expect(page).toHaveURL(/range=month/);
  await meter.waitForData();
  const monthHeading = await meter.rangeHeading().innerText();

  await page.getByRole("button", { name: "Previous month" }).click();
  await expect(page).toHaveURL(/end=/);
  await meter.waitForData();
  await expect(meter.rangeHeading()).not.toHaveText(monthHeading);
  await page.goBack();
  await expect(meter.rangeHeading()).toHaveText(monthHeading);

  await meter.choose("Day");
  await expect(page).toHaveURL(/range=day/);
  await meter.waitForData();
  await meter.showTable();
  await expect(page).toHaveURL(/view=table/);
  const rows = page.getByTestId("usage-row");
  await expect(rows.first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "meter-alice-table");

  const link = page.getByRole("link", { name: "Download CSV" });
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/format=csv/);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^E-12345678_.*\.csv$/);
  const csv = parseCsv(await (await page.request.get(href)).text());
  const [header, ...csvRows] = csv;
  expect(header?.slice(0, 4)).toEqual(["start", "end", "label", "consumption"]);

  const api = await page.request.get(href.replace("format=csv", "limit=5000"));
  expect(api.status()).toBe(200);
  const json = (await api.json()) as {
    buckets: { start: string; end: string; consumption: number; reads: number }[];
  };
  expect(csvRows).toHaveLength(json.buckets.length);
  expect(csvRows.map((r) => [r[0], r[1], Number(r[3])])).toEqual(
    json.buckets.map((b) => [b.start, b.end, b.consumption]),
  );
  await expect(rows).toHaveCount(json.buckets.length);
});

test("a custom range is kept in the URL and restored on reload", async ({ page }) => {
  const meter = new MeterPage(page);
  await meter.openFromAccount("Account 1234567890", "E-12345678");
  await meter.choose("Custom");
  await page.getByLabel("From", { exact: true }).fill("2026-03-01");
  await page.getByLabel("To", { exact: true }).fill("2026-03-31");
  await page.getByRole("button", { name: "Show range" }).click();
  await expect(page).toHaveURL(/range=custom&from=2026-03-01&to=2026-03-31/);
  await meter.waitForData();
  await page.reload();
  await expect(meter.rangeHeading()).toHaveText("March 1, 2026 – March 31, 2026");
});

test("a window with no readings yet says the data is not available", async ({ page }) => {
  const meter = new MeterPage(page);
  await meter.openFromAccount("Account 1234567890", "E-12345678");
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?range=custom&from=2030-01-01&to=2030-01-07`);
  await expect(page.getByTestId("no-data")).toContainText("Data not yet available");
});

test("a period before the meter was installed says so, rather than that readings are on their way", async ({
  page,
}) => {
  const meter = new MeterPage(page);
  await meter.openFromAccount("Account 1234567890", "E-12345678");
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?range=custom&from=2019-01-01&to=2019-01-07`);
  await expect(page.getByTestId("no-data")).toContainText(
    "This is before the meter's history: it was installed on March 15, 2020.",
  );
});

test("a reversed custom range gets a message, from the form and from the address", async ({
  page,
}) => {
  const meter = new MeterPage(page);
  await meter.openFromAccount("Account 1234567890", "E-12345678");
  const url = new URL(page.url());
  await page.goto(`${url.pathname}?range=custom&from=2026-05-01&to=2026-04-01`);
  await expect(page.getByTestId("range-problem")).toHaveText(
    "That range could not be shown. The start date must be on or before the end date.",
  );
  await meter.waitForData();

  await meter.choose("Custom");
  await page.getByLabel("From", { exact: true }).fill("2026-03-31");
  await page.getByLabel("To", { exact: true }).fill("2026-03-01");
  await page.getByRole("button", { name: "Show range" }).click();
  await expect(page.getByTestId("range-problem")).toHaveText(
    "The start date must be on or before the end date.",
  );
  await expect(page).not.toHaveURL(/from=2026-03-31/);
});

test.describe("bob", () => {
  test.use({ storageState: storageStateOf("bob") });

  test("a monthly-read gas meter opens on a year by month", async ({ page }, testInfo) => {
    const meter = new MeterPage(page);
    await meter.openFromAccount("Headquarters", "G-98765002");
    await expect(meter.period("Year")).toHaveAttribute("aria-pressed", "true");
    await meter.waitForData();
    await meter.showTable();
    await expect(page.getByTestId("usage-row")).toHaveCount(12);
    for (const [name, size] of Object.entries(viewports)) {
      await page.setViewportSize(size);
      await keepScreenshot(page, testInfo, `meter-gas-year-${name}`);
    }
  });
});
