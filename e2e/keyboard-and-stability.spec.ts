import { expect, storageStateOf, test } from "./fixtures";
import { recordLayoutShift } from "./support/layout-shift";
import { viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("alice") });

test("the portal works by keyboard: skip link, navigation and a switch", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();

  await page.getByRole("link", { name: "Preferences" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Preferences" })).toBeVisible();
  const billReady = page.getByRole("switch", { name: "Bill ready" });
  const before = await billReady.getAttribute("aria-checked");
  await billReady.focus();
  const saved = page.waitForResponse(
    (r) => r.url().endsWith("/api/preferences") && r.request().method() === "PUT",
  );
  await page.keyboard.press("Space");
  expect((await saved).status()).toBe(200);
  await expect(billReady).toHaveAttribute("aria-checked", before === "true" ? "false" : "true");
  await expect(billReady).toBeFocused();
});

for (const [name, size] of Object.entries(viewports)) {
  test(`pages do not shift as they load (${name})`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const path of ["/", "/accounts", "/preferences"]) {
      const shift = await recordLayoutShift(page);
      await page.goto(path, { waitUntil: "load" });
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(await shift.read(), path).toBeLessThan(0.1);
    }
  });
}
