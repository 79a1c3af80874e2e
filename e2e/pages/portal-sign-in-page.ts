import { expect, type Page } from "@playwright/test";
import { RealmLoginPage } from "./realm-login-page";

/** The portal's own sign-in page, which hands over to the realm. */
export class PortalSignInPage {
  readonly realm: RealmLoginPage;

  constructor(
    private readonly page: Page,
    private readonly path: "/signin" | "/staff/signin" = "/signin",
  ) {
    this.realm = new RealmLoginPage(page);
  }

  async expectVisible() {
    await expect(this.page).toHaveURL(new RegExp(`${this.path.replace("/", "\\/")}(\\?|$)`));
    await expect(this.page.getByRole("button", { name: "Sign in" })).toBeVisible();
  }

  async continueToRealm() {
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  async signInAs(username: string) {
    await this.page.goto(this.path);
    await this.continueToRealm();
    await this.realm.signIn(username);
  }
}
