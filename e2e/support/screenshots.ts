import type { Page, TestInfo } from "@playwright/test";

export const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 780 },
} as const;

/** A full-page screenshot kept with the test's artifacts. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const body = await page.screenshot({ fullPage: true });
  await testInfo.attach(`${name}.png`, { body, contentType: "image/png" });
}
