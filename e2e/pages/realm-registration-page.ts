import { expect, type Page } from "@playwright/test";
import { verificationLink } from "../../tests/integration/support/realm-mail";

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
    await this.verifyEmail(person.email);
  }

  /** The realm asks new users to verify their address: the link from its email continues. */
  async verifyEmail(email: string) {
    await expect(this.page.getByText("You need to verify your email address")).toBeVisible();
    await this.page.goto(await verificationLink(new URL(this.page.url()).origin, email));
  }
}
