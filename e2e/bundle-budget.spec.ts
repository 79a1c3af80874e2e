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

test("no server secret reaches the browser's JavaScript", async ({ page }) => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const path = await import("node:path");
  const dataDir = path.resolve(".data", "e2e");
  const secrets = ["auth-secret", "client-secret"].map((f) =>
    readFileSync(path.join(dataDir, f), "utf8").trim(),
  );
  expect(secrets.every((s) => s.length >= 32)).toBe(true);
  const chunks = path.resolve(".next", "static", "chunks");
  const files = readdirSync(chunks).filter((f) => f.endsWith(".js"));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const code = readFileSync(path.join(chunks, file), "utf8");
    for (const secret of secrets) expect(code.includes(secret), file).toBe(false);
    expect(code.includes("KEYCLOAK_CLIENT_SECRET"), file).toBe(false);
    expect(code.includes("AUTH_SECRET"), file).toBe(false);
  }
  // What the browser is sent at run time must not carry them either.
  await page.goto("/");
  const html = await page.content();
  for (const secret of secrets) expect(html.includes(secret)).toBe(false);
});
