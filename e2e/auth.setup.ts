import { expect, test as setup } from "@playwright/test";
import { storageStateOf } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";

// One signed-in browser state per demo user, written through the real login form.
for (const user of ["alice", "bob", "priya"]) {
  setup(`sign in as ${user}`, async ({ page }) => {
    await new PortalSignInPage(page).signInAs(user);
    await expect(page).toHaveURL(/\/$/);
    await page.context().storageState({ path: storageStateOf(user) });
  });
}
