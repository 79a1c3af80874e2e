import { describe, expect, it } from "vitest";
import {
  describeChange,
  formatDate,
  formatInstant,
  formatMoney,
  formatQuantity,
  nextDueText,
  percentChange,
} from "./format";

describe("formatting in the ESCO's currency and timezone", () => {
  it("formats money per currency", () => {
    expect(formatMoney(1234.5, "USD")).toBe("$1,234.50");
    expect(formatMoney(1234.5, "GBP")).toBe("£1,234.50");
    expect(formatMoney(null, "USD")).toBe("—");
  });

  it("formats calendar dates without shifting them across timezones", () => {
    expect(formatDate("2026-11-24", "USD")).toBe("Nov 24, 2026");
    expect(formatDate("2026-11-24", "GBP")).toBe("24 Nov 2026");
  });

  it("formats instants in the ESCO's timezone", () => {
    expect(
      formatInstant("2026-03-08T08:00:00Z", "America/Chicago", "USD", { timeStyle: "short" }),
    ).toBe("3:00 AM");
    expect(
      formatInstant("2026-03-29T01:30:00Z", "Europe/London", "GBP", { timeStyle: "short" }),
    ).toBe("02:30");
  });

  it("formats quantities and changes", () => {
    expect(formatQuantity(1234.567, "kWh")).toBe("1,235 kWh");
    expect(formatQuantity(1.234, "m3")).toBe("1.23 m³");
    expect(percentChange(110, 100)).toBeCloseTo(10);
    expect(percentChange(5, 0)).toBeNull();
  });
});

describe("nextDueText", () => {
  const state = { totalDueAmount: 120, overdueAmount: 0, nextDueDate: null, currency: "GBP" };

  it("gives the date of the next payment in the ESCO's style", () => {
    expect(nextDueText({ ...state, nextDueDate: "2026-12-24" })).toBe("24 Dec 2026");
    expect(nextDueText({ ...state, nextDueDate: "2026-12-24", currency: "USD" }, "long")).toBe(
      "December 24, 2026",
    );
  });

  it("never leaves a dash beside money owed", () => {
    expect(nextDueText({ ...state, overdueAmount: 120 })).toBe("Overdue now");
    expect(nextDueText(state)).toBe("Due now");
    expect(nextDueText({ ...state, totalDueAmount: 0 })).toBe("Nothing due");
    expect(
      nextDueText({ currentBalance: -5, overdueAmount: 0, nextDueDate: null, currency: "USD" }),
    ).toBe("Nothing due");
  });
});

describe("describeChange", () => {
  it("says a change in words, without a bare minus sign", () => {
    expect(describeChange(-3.2, "USD")).toBe("3% lower");
    expect(describeChange(12.6, "GBP")).toBe("13% higher");
    expect(describeChange(0.2, "GBP")).toBe("the same");
    expect(describeChange(null)).toBeNull();
  });
});
