import { test as base, expect } from "@playwright/test";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { RealmLoginPage } from "./pages/realm-login-page";

export const storageStateOf = (user: string) => `e2e/.auth/${user}.json`;

declare global {
  interface Window {
    reportCspViolation?: (violation: string) => void;
  }
}

export const test = base.extend<{ signInPage: PortalSignInPage; realmLogin: RealmLoginPage }>({
  /**
   * Every page a test opens reports Content-Security-Policy violations, and a test that saw
   * any fails: the policy must never break what the portal's pages do.
   */
  context: async ({ context }, use) => {
    const violations: string[] = [];
    await context.exposeFunction("reportCspViolation", (violation: string) => {
      violations.push(violation);
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        window.reportCspViolation?.(
          `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
        );
      });
    });
    await use(context);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
  signInPage: async ({ page }, use) => use(new PortalSignInPage(page)),
  realmLogin: async ({ page }, use) => use(new RealmLoginPage(page)),
});

export { expect };
