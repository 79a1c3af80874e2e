import { describe, expect, it } from "vitest";
import { emailSchema, phoneSchema } from "./contact";

describe("phone numbers", () => {
  it("are normalised to E.164, reading national numbers in the customer's country", () => {
    expect(phoneSchema("US").parse("(972) 555-0142")).toBe("+19725550142");
    expect(phoneSchema("GB").parse("020 7946 0018")).toBe("+442079460018");
    expect(phoneSchema("US").parse("+44 20 7946 0018")).toBe("+442079460018");
  });

  it("are refused when they cannot be a real number", () => {
    expect(phoneSchema("US").safeParse("(555) 123-4567").success).toBe(false);
    expect(phoneSchema("US").safeParse("call me").success).toBe(false);
    expect(phoneSchema("US").safeParse("").success).toBe(false);
  });
});

describe("email addresses", () => {
  it("are trimmed and checked", () => {
    expect(emailSchema.parse("  john.smith@example.com ")).toBe("john.smith@example.com");
    expect(emailSchema.safeParse("john.smith@").success).toBe(false);
    expect(emailSchema.safeParse(`${"a".repeat(250)}@example.com`).success).toBe(false);
  });
});
