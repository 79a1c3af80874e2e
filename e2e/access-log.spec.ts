import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

const REASON = "Checking who looked at the account";

test("a supervisor reads a customer's access audit, and the customer sees who looked", async ({
  page,
}, testInfo) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("mjones");
  await page.getByLabel("Find a customer").fill("Priya");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Priya Shah" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Priya Shah" })).toBeVisible();

  await page.getByRole("link", { name: /^Who has looked at this customer.s data/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Access audit" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Who" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "staff-access-audit");
  await page.getByRole("link", { name: "‹ Back to the customer" }).click();

  await page.getByLabel("Reason for viewing (recorded)").fill(REASON);
  await page.getByRole("button", { name: /View as customer/ }).click();
  await expect(page.getByTestId("impersonation-banner")).toBeVisible();

  await page.goto("/profile");
  await page.getByRole("link", { name: "Who has looked at your data" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Who has looked at your data" }),
  ).toBeVisible();
  const viewStarted = page
    .getByTestId("access-entry")
    .filter({ hasText: "Started viewing the portal as you" });
  await expect(viewStarted.first()).toContainText(REASON);
  await expect(viewStarted.first()).toContainText("mjones");
  await expectNoSeriousA11yViolations(page, testInfo, "customer-access-log");

  await page.getByRole("button", { name: "Stop viewing as customer" }).click();
  await expect(page).toHaveURL(/\/staff\/customers\//);
});

test("other staff roles have no access audit in the console", async ({ page }) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("jsmith");
  await page.getByLabel("Find a customer").fill("Priya");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "Priya Shah" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Priya Shah" })).toBeVisible();
  await expect(page.getByRole("link", { name: /access audit/ })).toHaveCount(0);
  await page.goto(`${new URL(page.url()).pathname}/audit`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});
