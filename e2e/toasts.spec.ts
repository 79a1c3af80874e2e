import type { Locator, Page } from "@playwright/test";
import { expect, storageStateOf, test } from "./fixtures";
import { PortalPages } from "./pages/portal-pages";
import { keepScreenshot, viewports } from "./support/screenshots";

test.use({ storageState: storageStateOf("alice") });

async function overlaps(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) throw new Error("both must be on screen");
  return !(
    x.x + x.width <= y.x ||
    y.x + y.width <= x.x ||
    x.y + x.height <= y.y ||
    y.y + y.height <= x.y
  );
}

const messages = (page: Page) => page.getByRole("region", { name: /^Messages/ });

for (const [name, size] of Object.entries(viewports)) {
  test(`a saved mailing address is confirmed politely, beside the button rather than over it, and can be dismissed (${size.width} px)`, async ({
    page,
  }, testInfo) => {
    await page.setViewportSize(size);
    await page.goto("/preferences");
    const portal = new PortalPages(page);
    const button = page.getByRole("button", { name: "Save mailing address" });
    const response = await portal.saving(() => button.click(), "/api/preferences");
    expect(response.status()).toBe(200);

    const toast = portal.toast("success");
    await expect(toast).toBeVisible();
    await expect(messages(page)).toHaveAttribute("aria-live", "polite");
    expect(await overlaps(toast, button)).toBe(false);
    await keepScreenshot(page, testInfo, `toast-mailing-address-${name}`);

    await toast.getByRole("button", { name: "Dismiss message" }).click();
    await expect(page.getByTestId("toast-success")).toHaveCount(0);
  });
}

test("a success clears the error that came before it", async ({ page }) => {
  await page.goto("/profile");
  const portal = new PortalPages(page);
  const email = page.getByLabel("Email");
  const original = (await page.getByTestId("saved-email").textContent()) ?? "";
  await email.fill("accounts@acme.com");
  const refused = await portal.saving(
    () => page.getByRole("button", { name: "Save details" }).click(),
    "/api/customer",
  );
  expect(refused.status()).toBe(409);
  await expect(portal.toast("error")).toBeVisible();

  await email.fill(original);
  const saved = await portal.saving(
    () => page.getByRole("button", { name: "Save details" }).click(),
    "/api/customer",
  );
  expect(saved.status()).toBe(200);
  await expect(portal.toast("success")).toBeVisible();
  await expect(page.getByTestId("toast-error")).toHaveCount(0);
});
