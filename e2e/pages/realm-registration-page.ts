import { expect, type Page } from "@playwright/test";

export interface NewPerson {
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  password: string;
}

/** The realm's "Register" form, reached from its login page (Keycloak's element ids). */
export class RealmRegistrationPage {
  constructor(private readonly page: Page) {}

  async openFromLogin() {
    await this.page.locator("#kc-register-link").click();
    await expect(this.page.locator("#kc-register-form")).toBeVisible();
  }

  async register(person: NewPerson) {
    await this.page.getByLabel("First name").fill(person.firstName);
    await this.page.getByLabel("Last name").fill(person.lastName);
    await this.page.getByLabel("Email").fill(person.email);
    await this.page.getByLabel("Username").fill(person.username);
    await this.page.getByLabel("Password", { exact: true }).fill(person.password);
    await this.page.getByLabel("Confirm password").fill(person.password);
    await this.page.locator("#kc-register").click();
  }
}
