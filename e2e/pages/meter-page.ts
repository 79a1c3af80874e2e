import { expect, type Page } from "@playwright/test";

export class MeterPage {
  constructor(private readonly page: Page) {}

  async openFromAccount(accountLabel: string, meterNumber: string) {
    await this.page.goto("/accounts");
    await this.page.getByRole("link", { name: accountLabel }).click();
    await this.page.getByRole("link", { name: `Usage history for meter ${meterNumber}` }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toContainText(meterNumber);
  }

  period(name: "Day" | "Week" | "Month" | "Year" | "Custom") {
    return this.page
      .getByRole("group", { name: "Period" })
      .getByRole("button", { name, exact: true });
  }

  async choose(name: "Day" | "Week" | "Month" | "Year" | "Custom") {
    await this.period(name).click();
    await expect(this.period(name)).toHaveAttribute("aria-pressed", "true");
  }

  rangeHeading() {
    return this.page.getByTestId("range-heading");
  }

  async showTable() {
    await this.page
      .getByRole("group", { name: "View" })
      .getByRole("button", { name: "Table" })
      .click();
    await expect(this.page.getByRole("table")).toBeVisible();
  }

  async waitForData() {
    await expect(
      this.page.getByTestId("period-total").or(this.page.getByTestId("no-data")),
    ).toBeVisible();
  }
}
