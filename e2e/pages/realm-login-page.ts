import { expect, type Page } from "@playwright/test";

/** The identity provider's login form (Keycloak's element ids). */
export class RealmLoginPage {
  constructor(private readonly page: Page) {}

  get form() {
    return this.page.locator("#kc-form-login");
  }

  async expectVisible() {
    await expect(this.form).toBeVisible();
    await expect(this.page).toHaveURL(/\/realms\/ossrep(-internal)?\//);
  }

  async signIn(username: string, password = username) {
    await this.expectVisible();
    await this.page.getByLabel("Username or email").fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.locator("#kc-login").click();
  }
}
