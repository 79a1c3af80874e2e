import { expect, type Page } from "@playwright/test";

/** Where an invitation link leads: what it is for, Continue, then Accept. */
export class InvitationPage {
  constructor(private readonly page: Page) {}

  async expectInvitation(accountNumber: string, role: string) {
    await expect(
      this.page.getByRole("heading", { level: 1, name: "You are invited" }),
    ).toBeVisible();
    await expect(this.page.getByTestId("invite-account")).toHaveText(accountNumber);
    await expect(this.page.getByTestId("invite-role")).toHaveText(role);
  }

  async continue() {
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  async accept() {
    await this.page.getByRole("button", { name: "Accept invitation" }).click();
  }
}
