import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { keepScreenshot, viewports } from "./support/screenshots";

test("a year set against a previous year the meter only partly covers is not given a percentage", async ({
  page,
}, testInfo) => {
  await new PortalSignInPage(page).signInAs("priya");
  await page.goto("/accounts");
  await page.getByRole("link", { name: "Account 4400000001" }).click();
  await page.getByRole("link", { name: "Usage history for meter E-UK0000101" }).click();
  await expect(page.getByTestId("period-total")).toContainText("kWh");
  const meterUrl = new URL(page.url());
  await page.goto(`${meterUrl.pathname}?range=year&unit=cost`);
  await expect(page.getByTestId("period-total")).toHaveText(/^£[\d,]+\.\d{2}$/);
  const previous = page.getByTestId("previous-total");
  await expect(previous).toContainText("not compared: readings cover too little of that period");
  await expect(previous).not.toContainText("%");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `meter-priya-year-${name}`);
  }
});
