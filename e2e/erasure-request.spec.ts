import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

const REASON = "You are still the landlord of an open account";

/** The admin works in a browser of their own. */
async function adminBrowser(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await new PortalSignInPage(page, "/staff/signin").signInAs("admin");
  await expect(page.getByRole("heading", { name: "Support console" })).toBeVisible();
  return page;
}

test("a customer asks for erasure, sees it pending, and sees why an admin declined it", async ({
  page,
  browser,
}, testInfo) => {
  await new PortalSignInPage(page).signInAs("lena");
  await page.goto("/profile");
  await page.getByRole("button", { name: "Ask us to erase my data" }).click();
  await expect(page.getByText("Once an administrator completes it")).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "profile-erasure-confirm");
  await page.getByRole("button", { name: "Yes, ask for erasure" }).click();
  await expect(page.getByTestId("erasure-status")).toContainText("It is pending");

  const admin = await adminBrowser(browser);
  const open = admin.getByTestId("open-erasure-requests");
  await expect(open).toContainText("Lena Okafor");
  await expectNoSeriousA11yViolations(admin, testInfo, "staff-erasure-requests");
  await open.getByRole("link", { name: "Lena Okafor" }).click();
  await expect(admin.getByTestId("erasure-request")).toContainText("the request is open");
  await expectNoSeriousA11yViolations(admin, testInfo, "staff-customer-erasure-request");
  await admin.getByLabel("Reason for declining (shown to the customer)").fill(REASON);
  await admin.getByRole("button", { name: "Decline" }).click();
  await expect(admin.getByText("The request has been declined.")).toBeVisible();

  await page.reload();
  await expect(page.getByTestId("erasure-status")).toContainText(`was declined: ${REASON}`);
  await expect(page.getByRole("button", { name: "Ask us to erase my data" })).toBeVisible();
});
