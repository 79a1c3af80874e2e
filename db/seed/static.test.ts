import { describe, expect, it } from "vitest";
import { seedId } from "./ids";
import { quarterStarts } from "./static";

describe("quarterStarts", () => {
  it("covers the fifteen months before the day, on quarter boundaries", () => {
    expect(quarterStarts("2026-11-22")).toEqual([
      "2025-07-01",
      "2025-10-01",
      "2026-01-01",
      "2026-04-01",
      "2026-07-01",
      "2026-10-01",
    ]);
  });

  it("crosses a year boundary at the start of a year", () => {
    expect(quarterStarts("2026-01-05")).toEqual([
      "2024-10-01",
      "2025-01-01",
      "2025-04-01",
      "2025-07-01",
      "2025-10-01",
      "2026-01-01",
    ]);
  });
});

describe("seedId", () => {
  it("is a stable version 5 UUID per kind and key", () => {
    const id = seedId("account", "1234567890");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seedId("account", "1234567890")).toBe(id);
    expect(seedId("meter", "1234567890")).not.toBe(id);
  });
});
