import { test as base, expect } from "@playwright/test";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { RealmLoginPage } from "./pages/realm-login-page";

export const storageStateOf = (user: string) => `e2e/.auth/${user}.json`;

export const test = base.extend<{ signInPage: PortalSignInPage; realmLogin: RealmLoginPage }>({
  signInPage: async ({ page }, use) => use(new PortalSignInPage(page)),
  realmLogin: async ({ page }, use) => use(new RealmLoginPage(page)),
});

export { expect };
