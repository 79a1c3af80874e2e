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
  await expect(page.getByRole("columnheader", { name: "Energy cost" })).toBeVisible();
  await expect(page.getByTestId("usage-row").first()).toContainText("£");
});
