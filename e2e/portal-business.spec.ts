import { expect, storageStateOf, test } from "./fixtures";
import { PortalPages } from "./pages/portal-pages";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { keepScreenshot, viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("bob") });

test("bob's dashboard has an accounts table that sorts, filters and totals", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corporation");
  await expect(page.getByTestId("overdue")).toContainText("overdue");
  const rows = page.getByTestId("account-row");
  await expect(rows).toHaveCount(3);

  await page.getByRole("button", { name: /^Balance/ }).click();
  await expect(page).toHaveURL(/sort=balance&dir=asc/);
  const ascending = await rows.locator("td:nth-child(3)").allTextContents();
  await page.getByRole("button", { name: /^Balance/ }).click();
  await expect(page).toHaveURL(/dir=desc/);
  expect(await rows.locator("td:nth-child(3)").allTextContents()).toEqual([...ascending].reverse());

  await page.getByLabel("Filter accounts").fill("5555");
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(/q=5555/);
  await page.goBack();
  await page.goForward();
  await expect(page.getByLabel("Filter accounts")).toHaveValue("5555");
  await expect(page.getByTestId("total-balance")).toHaveText(
    await rows
      .first()
      .locator("td:nth-child(3)")
      .innerText()
      .then((t) => t.replace(/\s*overdue$/, "")),
  );

  await expectNoSeriousA11yViolations(page, testInfo, "dashboard-bob");
  await page.getByLabel("Filter accounts").fill("");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `dashboard-bob-${name}`);
  }
});

test("bob renames an account and the new name stays", async ({ page }) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Retail Stores" }).click();
  const portal = new PortalPages(page);
  await page.getByRole("button", { name: "Rename account" }).click();
  await page.getByLabel("Account nickname").fill("Retail Stores North");
  const response = await portal.saving(
    () => page.getByRole("button", { name: "Save name" }).click(),
    /\/api\/accounts\/[^/]+$/,
  );
  expect(response.status()).toBe(200);
  await expect(page.getByTestId("account-name")).toHaveText("Retail Stores North");
  await page.reload();
  await expect(page.getByTestId("account-name")).toHaveText("Retail Stores North");
  await page.getByRole("button", { name: "Rename account" }).click();
  await page.getByLabel("Account nickname").fill("Retail Stores");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(portal.toast("success")).toBeVisible();
});

test("bob moves the primary premise of his headquarters account", async ({ page }, testInfo) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Headquarters" }).click();
  const premises = page.getByTestId("premise");
  await expect(premises).toHaveCount(2);
  const annex = premises.filter({ hasText: "510 Commerce Street" });
  const portal = new PortalPages(page);
  const response = await portal.saving(
    () => annex.getByRole("button", { name: /Make .* the primary premise/ }).click(),
    /set-primary$/,
  );
  expect(response.status()).toBe(200);
  await expect(annex.getByText("Primary premise")).toBeVisible();
  await page.reload();
  await expect(
    page
      .getByTestId("premise")
      .filter({ hasText: "510 Commerce Street" })
      .getByText("Primary premise"),
  ).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "account-bob");
  await page
    .getByTestId("premise")
    .filter({ hasText: "500 Commerce Street" })
    .getByRole("button")
    .click();
  await expect(new PortalPages(page).toast("success")).toBeVisible();
});

test("bob pages through older bills", async ({ page }) => {
  // How many bills there are follows from the data delivered so far, read through the API.
  const { accounts } = await (await page.request.get("/api/accounts")).json();
  const warehouse = accounts.find((a: { nickname: string }) => a.nickname === "Warehouse District");
  const all = await (
    await page.request.get(`/api/accounts/${warehouse.accountId}/bills?limit=100`)
  ).json();
  expect(all.bills.length).toBeGreaterThan(6);

  await page.goto("/accounts");
  await page.getByRole("link", { name: "Warehouse District" }).click();
  const bills = page.getByTestId("bill-row");
  await expect(bills).toHaveCount(6);
  const usd = (amount: number) =>
    new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(amount);
  await expect(bills.first()).toContainText(usd(all.bills[0].amount));
  await page.getByRole("button", { name: "Show older bills" }).click();
  await expect(bills).toHaveCount(Math.min(12, all.bills.length));
  await expect(bills.nth(6)).toContainText(usd(all.bills[6].amount));
});

test("bob reads a headquarters meter's monthly usage as a table", async ({ page }, testInfo) => {
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Headquarters" }).click();
  await page.getByRole("link", { name: "Usage history for meter E-98765001" }).click();
  await page
    .getByRole("group", { name: "Period" })
    .getByRole("button", { name: "Year", exact: true })
    .click();
  await page.getByRole("group", { name: "View" }).getByRole("button", { name: "Table" }).click();
  await expect(page).toHaveURL(/range=year.*view=table|view=table.*range=year/);
  await expect(page.getByTestId("usage-row").first()).toBeVisible();
  // Texas electricity is priced at Acme's agreed tariff.
  await expect(
    page.getByRole("group", { name: "Show as" }).getByRole("button", { name: "Cost" }),
  ).toBeEnabled();
  await expectNoSeriousA11yViolations(page, testInfo, "meter-bob-table");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `meter-bob-${name}`);
  }
});

test("bob keeps Acme's details and preferences up to date", async ({ page }, testInfo) => {
  await page.goto("/profile");
  await expect(page.getByLabel("Business name")).toHaveValue("Acme Corporation");
  await expect(page.getByLabel("First name")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, testInfo, "profile-bob");
  await page.getByLabel("Phone").fill("+1 214 555 0177");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByLabel("Phone")).toHaveValue("+12145550177");
  // Stored in E.164, shown as people in the US write it.
  await expect(page.getByTestId("saved-phone")).toHaveText("(214) 555-0177");

  await page.goto("/preferences");
  await expectNoSeriousA11yViolations(page, testInfo, "preferences-bob");
  const portal = new PortalPages(page);
  const response = await portal.saving(
    () => page.getByLabel("On paper, by post").check(),
    "/api/preferences",
  );
  expect(response.status()).toBe(200);
  await page.reload();
  await expect(page.getByLabel("On paper, by post")).toBeChecked();
});
