import { describe, expect, it } from "vitest";
import { sumMoney } from "./money";

describe("sumMoney", () => {
  it("adds in whole minor units, exactly", () => {
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(sumMoney([10710.12, 3203.21, 6200.34])).toBe(20113.67);
    expect(sumMoney([1.01, null, undefined])).toBe(1.01);
  });

  it("respects currencies without minor units", () => {
    expect(sumMoney([1200, 34], 0)).toBe(1234);
  });
});
