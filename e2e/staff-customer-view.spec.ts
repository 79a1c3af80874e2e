import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { keepScreenshot, viewports } from "./support/screenshots";

async function search(page: import("@playwright/test").Page, q: string) {
  await page.getByLabel("Find a customer").fill(q);
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL((url) => url.searchParams.get("q") === q);
}

test("support finds customers by phone, street and nickname, best match first, saying why", async ({
  page,
}) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("jsmith");
  const hits = page.getByTestId("search-hit");
  // Tom Evans's number, which no other browser test changes (alice's profile tests do change
  // John Smith's).
  for (const phone of ["7946 0027", "020 7946 0027", "+44 20 7946 0027"]) {
    await search(page, phone);
    await expect(hits).toHaveCount(1);
    await expect(hits.first()).toContainText("Tom Evans");
    await expect(hits.first()).toContainText("phone");
  }
  // Everyone linked to John Smith's account shares his street (the invitation tests add one).
  await search(page, "Main Street");
  await expect(hits.first()).toContainText("John Smith");
  await expect(hits.first()).toContainText("street (exact)");
  await search(page, "warehouse");
  await expect(hits.first()).toContainText("Acme Corporation");
  await expect(hits.first()).toContainText("nickname (prefix)");
});

test("a supervisor's customer view: bills, payments, usage, preferences, history and the audit", async ({
  page,
}, testInfo) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("mjones");
  await search(page, "123 Main Street");
  await page.getByRole("link", { name: "John Smith" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "John Smith" })).toBeVisible();
  await expect(page.getByTestId("staff-bills").locator("tbody tr").first()).toContainText("$");
  await expect(page.getByTestId("staff-payments")).toBeVisible();
  await expect(page.getByTestId("staff-meter").first()).toContainText("in the last 30 days");
  await expect(page.getByTestId("staff-preferences")).toContainText("Bill ready");
  await expect(page.getByRole("heading", { name: "Status history" })).toBeVisible();
  const audit = page.getByRole("region", { name: /Who has looked at this customer/ });
  // The supervisor's own opening of this page is recorded as it is served: it shows on a reload.
  await expect(async () => {
    await page.reload();
    await expect(audit).toContainText("mjones", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expectNoSeriousA11yViolations(page, testInfo, "staff-customer-view");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `staff-customer-view-${name}`);
  }
  await page.setViewportSize(viewports.desktop);

  // The meter, as the customer sees it, through a read-only view.
  await page.getByRole("link", { name: "open as the customer sees it" }).first().click();
  await expect(page.getByLabel("Open on")).toHaveValue(/^\/meters\//);
  await page.getByLabel("Reason for viewing (recorded)").fill("Customer asked about their usage");
  await page.getByRole("button", { name: /View as customer/ }).click();
  await expect(page).toHaveURL(/\/meters\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("impersonation-banner")).toContainText("read-only");
  await page.getByRole("button", { name: "Stop viewing as customer" }).click();
  await expect(page).toHaveURL(/\/staff\/customers\//);
});

test("a csr's customer view has no access audit", async ({ page }) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("jsmith");
  await search(page, "Main Street");
  await page.getByRole("link", { name: "John Smith" }).click();
  await expect(page.getByTestId("staff-bills")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Who has looked at this customer/ })).toHaveCount(
    0,
  );
});
