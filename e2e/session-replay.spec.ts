import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";

/**
 * Signing out ends the session on the server: a copy of the cookie taken before, replayed
 * afterwards from another browser, opens nothing. Pages send it to sign in; the API answers 401.
 */
test("a session cookie captured before sign-out is refused when replayed afterwards", async ({
  browser,
  page,
  context,
  signInPage,
  realmLogin,
}) => {
  await page.goto("/");
  await signInPage.continueToRealm();
  await realmLogin.signIn("priya");
  await expect(page.getByRole("heading", { level: 1, name: "Priya Shah" })).toBeVisible();

  // Only the portal's cookies: the realm's own session is not what is being replayed.
  const portal = new URL(page.url()).origin;
  const captured = await context.cookies(portal);
  expect(captured.map((c) => c.name)).toContainEqual(expect.stringMatching(/session-token/));

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInPage.expectVisible();

  const replay = await browser.newContext();
  try {
    await replay.addCookies(captured);
    const replayed = await replay.newPage();

    await replayed.goto("/");
    await new PortalSignInPage(replayed).expectVisible();
    await expect(replayed.getByRole("heading", { level: 1, name: "Priya Shah" })).toHaveCount(0);

    const api = await replayed.request.get("/api/customer");
    expect(api.status()).toBe(401);
    expect(api.headers()["content-type"]).toBe("application/problem+json");
    expect((await api.json()).code).toBe("unauthenticated");
  } finally {
    await replay.close();
  }
});
