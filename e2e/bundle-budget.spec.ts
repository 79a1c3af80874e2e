import { expect, storageStateOf, test } from "./fixtures";
import { measureFirstLoadJs } from "./support/first-load-js";

test.use({ storageState: storageStateOf("bob") });

// The budget the product set for the busiest page: 150 kB of gzipped JavaScript on first load.
const DASHBOARD_BUDGET_BYTES = 150 * 1024;

test("the dashboard's first-load JavaScript stays within 150 kB gzipped, with no chart library", async ({
  page,
}, testInfo) => {
  const { files, totalGzipBytes } = await measureFirstLoadJs(page, "/");
  await testInfo.attach("dashboard-first-load-js.json", {
    body: JSON.stringify({ totalGzipBytes, files }, null, 2),
    contentType: "application/json",
  });
  expect(files.length).toBeGreaterThan(0);
  expect(totalGzipBytes).toBeLessThanOrEqual(DASHBOARD_BUDGET_BYTES);
  const bodies = await Promise.all(files.map(async (f) => (await page.request.get(f.url)).text()));
  expect(bodies.some((b) => b.includes("recharts"))).toBe(false);
});
