import { expect, storageStateOf, test } from "./fixtures";
import { PortalPages } from "./pages/portal-pages";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { keepScreenshot, viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("alice") });

test("alice's dashboard shows her balance, usage against last period and recent bills", async ({
  page,
}, testInfo) => {
  const summary = await (await page.request.get("/api/customer/summary")).json();
  await page.goto("/");
  const portal = new PortalPages(page);
  await expect(portal.heading()).toHaveText("John Smith");
  await expect(page.getByTestId("total-due")).toHaveText(/^\$\d[\d,]*\.\d{2}$/);
  // On the suite's day October's bill is issued and not yet due.
  expect(summary.nextDueDate).not.toBeNull();
  await expect(page.getByText(/Next payment due/)).toBeVisible();
  await expect(page.getByTestId("usage-electric")).toContainText("kWh");
  await expect(page.getByRole("heading", { name: "Recent bills" })).toBeVisible();
  await expect(page.getByTestId("count-meters")).toHaveText("1");
  await expectNoSeriousA11yViolations(page, testInfo, "dashboard-alice");
  for (const [name, size] of Object.entries(viewports)) {
    await page.setViewportSize(size);
    await keepScreenshot(page, testInfo, `dashboard-alice-${name}`);
  }
});

test("alice walks through accounts, profile and preferences by keyboard-reachable links", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const portal = new PortalPages(page);
  await portal.open("Accounts");
  await expect(page.getByRole("link", { name: "Account 1234567890" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "accounts-alice");
  await page.getByRole("link", { name: "Account 1234567890" }).click();
  // Without a nickname the heading is the account number, said once.
  await expect(page.getByRole("heading", { level: 1, name: "Account 1234567890" })).toBeVisible();
  await expect(page.getByText("Account number 1234567890")).toHaveCount(0);
  await expect(page.getByTestId("premise")).toContainText("123 Main Street, Anytown, TX 75001");
  await expect(page.getByTestId("last-payment")).toContainText("$");
  await expect(page.getByTestId("bill-row").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, "account-alice");
  await portal.open("Profile");
  await expect(page.getByLabel("First name")).toHaveValue("John");
  await expectNoSeriousA11yViolations(page, testInfo, "profile-alice");
  await portal.open("Preferences");
  await expectNoSeriousA11yViolations(page, testInfo, "preferences-alice");
});

test("alice changes each kind of preference, reloads, and finds them kept", async ({ page }) => {
  await page.goto("/preferences");
  const portal = new PortalPages(page);
  const save = (action: () => Promise<void>) =>
    portal.saving(action, "/api/preferences").then((r) => expect(r.status()).toBe(200));

  await save(() => page.getByLabel("Both").check());
  await save(() => page.getByRole("switch", { name: "High-usage alerts" }).click());
  await save(() => page.getByRole("switch", { name: "Outage alerts" }).click());
  await save(() => page.getByRole("switch", { name: "Pay bills automatically" }).click());
  await page.getByLabel("To a different address").check();
  await page.getByLabel("Street").fill("PO Box 77");
  await page.getByLabel("City").fill("Anytown");
  await page.getByLabel("ZIP or postcode").fill("75001");
  await save(() => page.getByRole("button", { name: "Save mailing address" }).click());

  await page.reload();
  await expect(page.getByLabel("Both")).toBeChecked();
  await expect(page.getByRole("switch", { name: "High-usage alerts" })).toHaveAttribute(
    "aria-checked",
    "true",
  );
  await expect(page.getByRole("switch", { name: "Outage alerts" })).toHaveAttribute(
    "aria-checked",
    "false",
  );
  await expect(page.getByRole("switch", { name: "Pay bills automatically" })).toHaveAttribute(
    "aria-checked",
    "true",
  );
  await expect(page.getByLabel("To a different address")).toBeChecked();
  await expect(page.getByLabel("Street")).toHaveValue("PO Box 77");
});

test("a refused profile change shows the server's error and rolls back", async ({ page }) => {
  await page.goto("/profile");
  const portal = new PortalPages(page);
  const original = await page.getByTestId("saved-email").textContent();
  await page.getByLabel("Email").fill("accounts@acme.com");
  const response = await portal.saving(
    () => page.getByRole("button", { name: "Save details" }).click(),
    "/api/customer",
  );
  expect(response.status()).toBe(409);
  await expect(portal.toast("error")).toContainText("not saved");
  await expect(page.getByText("This email address is already in use")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("saved-email")).toHaveText(original ?? "");
});

test("invalid contact details are explained beside the field", async ({ page }) => {
  await page.goto("/profile");
  await page.getByLabel("Phone").fill("12");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Enter a valid phone number")).toBeVisible();
  await page.getByLabel("Phone").fill("(972) 555-0188");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(new PortalPages(page).toast("success")).toBeVisible();
  await expect(page.getByLabel("Phone")).toHaveValue("+19725550188");
});
