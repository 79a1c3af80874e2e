import { expect, type Page } from "@playwright/test";

/** The dev mailbox: the emails the portal queued, with their links. */
export class DevMailboxPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/dev/mailbox");
    await expect(this.page.getByRole("heading", { level: 1, name: "Dev mailbox" })).toBeVisible();
  }

  mailTo(email: string) {
    return this.page.getByTestId("mail").filter({ hasText: email }).first();
  }

  /** The invitation link in the newest email to `email`. */
  async invitationLink(email: string): Promise<string> {
    const link = this.mailTo(email).getByRole("link", { name: /\/invite\// });
    await expect(link).toBeVisible();
    return (await link.getAttribute("href")) as string;
  }
}
