import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

test("support staff search, open a customer, view the portal as them read-only, and stop", async ({
  page,
}, testInfo) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("jsmith");
  await expect(page.getByRole("heading", { name: "Support console" })).toBeVisible();

  await page.getByLabel("Find a customer").fill("E-1234");
  await page.getByRole("button", { name: "Search" }).click();
  const johnByMeter = page.getByTestId("search-hit").filter({ hasText: "John Smith" });
  await expect(johnByMeter).toHaveCount(1);
  await expect(johnByMeter).toContainText("meter");
  await expectNoSeriousA11yViolations(page, testInfo, "staff-search");
  const searches: [string, string][] = [
    ["smith", "John Smith"],
    ["9876", "Acme Corporation"],
    ["sw98", "Priya Shah"],
    // Emails and phones are encrypted at rest: they match exactly, whatever the case or spacing.
    ["Accounts@Acme.com", "Acme Corporation"],
    ["+1 214 555 0117", "Carol Reyes"],
  ];
  for (const [q, expected] of searches) {
    await page.getByLabel("Find a customer").fill(q);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByTestId("search-hit").first()).toContainText(expected);
  }

  await page.getByLabel("Find a customer").fill("John Smith");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "John Smith" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "John Smith" })).toBeVisible();
  await expect(page.getByTestId("staff-account")).toContainText("1234567890");
  await expectNoSeriousA11yViolations(page, testInfo, "staff-customer");

  await page.getByRole("button", { name: /View as customer/ }).click();
  await expect(
    page.getByText("Say why you need to view the account (at least 10 characters)"),
  ).toBeVisible();
  await page.getByLabel("Reason for viewing (recorded)").fill("Customer called about a high bill");
  await page.getByRole("button", { name: /View as customer/ }).click();

  await expect(page).toHaveURL(/localhost:\d+\/$/);
  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText("jsmith is viewing as John Smith, read-only");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("John Smith");
  await expectNoSeriousA11yViolations(page, testInfo, "impersonated-dashboard");

  await page.getByRole("link", { name: "Account 1234567890" }).first().click();
  await expect(banner).toBeVisible();
  await expect(page.getByRole("button", { name: "Rename account" })).toHaveCount(0);
  await page.goto("/preferences");
  await expect(page.getByRole("switch", { name: "Bill ready" })).toBeDisabled();
  await page.goto("/profile");
  await expect(page.getByText("Details cannot be changed in a read-only session.")).toBeVisible();

  // A write from the portal's own page, as its scripts would send it (Origin included).
  const refused = await page.request.put("/api/customer", {
    data: { firstName: "Hacked" },
    headers: { origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe("impersonation_read_only");

  await page.getByRole("button", { name: "Stop viewing as customer" }).click();
  await expect(page).toHaveURL(/\/staff\/customers\//);
  await expect(
    page.getByText("jsmith, “Customer called about a high bill” (stopped)"),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/staff/);
});
