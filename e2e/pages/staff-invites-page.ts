import { expect, type Page } from "@playwright/test";

/** The staff console's invitations page. */
export class StaffInvitesPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/staff/invites");
    await expect(this.page.getByRole("heading", { level: 1, name: "Invitations" })).toBeVisible();
  }

  async invite({
    accountNumber,
    role,
    email,
  }: {
    accountNumber: string;
    role: string;
    email: string;
  }) {
    await this.page.getByLabel("Account number").fill(accountNumber);
    await this.page.getByLabel("Role").selectOption(role);
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByRole("button", { name: "Send invitation" }).click();
    await expect(
      this.page.getByRole("status").filter({ hasText: "Invitation sent" }),
    ).toContainText(email);
  }

  row(email: string) {
    return this.page.getByTestId("invite-row").filter({ hasText: email });
  }

  async expectStatus(email: string, status: RegExp | string) {
    await expect(this.row(email)).toContainText(status);
  }

  async revoke(email: string) {
    await this.page.getByRole("button", { name: `Revoke the invitation for ${email}` }).click();
    await this.expectStatus(email, "revoked");
  }

  async activate(email: string) {
    await this.page.getByRole("button", { name: `Activate the customer ${email}` }).click();
    await this.expectStatus(email, "customer live");
  }
}
