import { expect, type Page } from "@playwright/test";

/** The customer portal's pages, as a customer finds them through the navigation. */
export class PortalPages {
  constructor(private readonly page: Page) {}

  nav(label: "Dashboard" | "Accounts" | "Profile" | "Preferences") {
    return this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label });
  }

  async open(label: "Dashboard" | "Accounts" | "Profile" | "Preferences") {
    await this.nav(label).click();
    await expect(this.nav(label)).toHaveAttribute("aria-current", "page");
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  toast(tone: "success" | "error") {
    return this.page.getByTestId(`toast-${tone}`).last();
  }

  /** Waits for the API answer to the change the action triggers. */
  async saving(action: () => Promise<void>, path: string | RegExp) {
    const response = this.page.waitForResponse(
      (r) =>
        r.request().method() !== "GET" &&
        (typeof path === "string" ? r.url().endsWith(path) : path.test(r.url())),
    );
    await action();
    return response;
  }
}
