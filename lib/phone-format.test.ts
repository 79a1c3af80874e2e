import { describe, expect, it } from "vitest";
import { formatPhone } from "./phone-format";

describe("formatPhone", () => {
  it("writes numbers nationally in their own country", () => {
    expect(formatPhone("+19725550142")).toBe("(972) 555-0142");
    expect(formatPhone("+442079460034", "GB")).toBe("020 7946 0034");
  });
  it("writes a number from another country internationally", () => {
    expect(formatPhone("+442079460034", "US")).toBe("+44 20 7946 0034");
  });
  it("leaves nothing as nothing and an unreadable value as it is", () => {
    expect(formatPhone(null)).toBe("");
    expect(formatPhone("12")).toBe("12");
  });
});
