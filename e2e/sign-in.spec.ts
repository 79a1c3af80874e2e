import { expect, storageStateOf, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { PORTAL_PORT } from "./support/stack-layout";

test("an anonymous visitor to / lands on sign-in", async ({ page, signInPage }) => {
  await page.goto("/");
  await signInPage.expectVisible();
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/");
});

test("alice signs in through the realm, sees John Smith, signs out and must log in again", async ({
  page,
  signInPage,
  realmLogin,
}) => {
  await page.goto("/");
  await signInPage.continueToRealm();
  await realmLogin.signIn("alice");
  await expect(page.getByRole("heading", { level: 1, name: "John Smith" })).toBeVisible();
  await expect(page.getByTestId("account-count")).toHaveText("1 account");

  const profile = await page.request.get("/api/customer");
  expect(profile.status()).toBe(200);
  expect((await profile.json()).lastName).toBe("Smith");

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInPage.expectVisible();
  expect((await page.request.get("/api/customer")).status()).toBe(401);

  await signInPage.continueToRealm();
  await realmLogin.expectVisible();
});

test("signing in from 127.0.0.1, the address the server listens on, first moves to the public origin and then works", async ({
  page,
  signInPage,
  realmLogin,
}) => {
  await page.goto(`http://127.0.0.1:${PORTAL_PORT}/accounts?sort=name`);
  await signInPage.expectVisible();
  const landed = new URL(page.url());
  expect(landed.origin).toBe(`http://localhost:${PORTAL_PORT}`);
  expect(landed.searchParams.get("callbackUrl")).toBe("/accounts?sort=name");
  await signInPage.continueToRealm();
  await realmLogin.signIn("alice");
  await expect(page).toHaveURL(`http://localhost:${PORTAL_PORT}/accounts?sort=name`);
  await expect(page.getByRole("heading", { level: 1, name: "Accounts" })).toBeVisible();
});

test("a wrong password keeps the visitor on the login form with an error", async ({
  page,
  signInPage,
  realmLogin,
}) => {
  await page.goto("/signin");
  await signInPage.continueToRealm();
  await realmLogin.signIn("alice", "not-alices-password");
  await expect(page.getByRole("alert")).toHaveText("Invalid username or password.");
  await realmLogin.expectVisible();
});

test.describe("bob", () => {
  test.use({ storageState: storageStateOf("bob") });

  test("sees Acme Corporation and its three accounts", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Acme Corporation" })).toBeVisible();
    await expect(page.getByTestId("account-count")).toHaveText("3 accounts");
  });

  test("reads his own profile through the API with his session cookie", async ({ page }) => {
    const response = await page.request.get("/api/customer");
    expect(response.status()).toBe(200);
    expect((await response.json()).businessName).toBe("Acme Corporation");
  });
});

test("staff sign in to the support console through their own realm", async ({ page }) => {
  const staffSignIn = new PortalSignInPage(page, "/staff/signin");
  await staffSignIn.signInAs("jsmith");
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole("heading", { name: "Support console" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Signed in as jsmith with the csr role.");
});
