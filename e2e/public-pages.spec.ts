import { expect, test } from "./fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";

const pages = [
  { path: "/signin", heading: "Sign in" },
  { path: "/staff/signin", heading: "Staff sign-in" },
  { path: "/developers/api", heading: "Energy portal self-service API" },
  { path: "/problems/not_found", heading: "The resource was not found" },
];

for (const { path, heading } of pages) {
  test(`${path} is accessible without signing in`, async ({ page }, testInfo) => {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, path.replaceAll("/", "_"));
  });
}

test("the API reference documents the readings endpoint and links the OpenAPI document", async ({
  page,
}) => {
  await page.goto("/developers/api");
  await expect(page.getByRole("heading", { name: "/api/meters/{meterId}/readings" })).toBeVisible();
  const response = await page.request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect((await response.json()).openapi).toBe("3.1.0");
});
