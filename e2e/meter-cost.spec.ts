import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";

test("a microgrid customer switches her usage to cost at her own tariff", async ({ page }) => {
  await new PortalSignInPage(page).signInAs("priya");
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Account 4400000001" }).click();
  await page.getByRole("link", { name: "Usage history for meter E-UK0000101" }).click();
  await expect(page.getByTestId("period-total")).toContainText("kWh");
  await page.getByRole("group", { name: "Show as" }).getByRole("button", { name: "Cost" }).click();
  await expect(page).toHaveURL(/unit=cost/);
  await expect(page.getByTestId("period-total")).toHaveText(/^£\d+\.\d{2}$/);
  await page.getByRole("group", { name: "View" }).getByRole("button", { name: "Table" }).click();
  for (const name of ["Energy", "Standing charge", "Cost"]) {
    await expect(page.getByRole("columnheader", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("usage-row").first()).toContainText("£");
  await expect(page.getByTestId("cost-parts")).toContainText("standing charges");
});

test("a Texas customer's month costs what his bill says: energy plus standing charge", async ({
  page,
}) => {
  await new PortalSignInPage(page).signInAs("alice");
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Account 1234567890" }).click();
  await page.getByRole("link", { name: "Usage history for meter E-12345678" }).click();
  await page.goto(`${page.url().split("?")[0]}?range=year&end=2026-10-31&unit=cost&view=table`);
  const october = page.getByTestId("usage-row").filter({ hasText: "October 2026" });
  // 694.752 kWh × $0.139 + 31 days × $0.33, as on the October bill.
  await expect(october).toContainText("$96.57");
  await expect(october).toContainText("$10.23");
  await expect(october).toContainText("$106.80");
});
