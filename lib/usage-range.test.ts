import { describe, expect, it } from "vitest";
import { customRangeProblem, lastDayOf, resolveRange } from "./usage-range";

describe("usage ranges", () => {
  it("show a day hour by hour, against the day before and the same day last year", () => {
    const r = resolveRange({ range: "day", end: "2026-03-08", defaultEnd: "2026-11-15" });
    expect(r).toMatchObject({
      from: "2026-03-08",
      to: "2026-03-09",
      groupBy: "hour",
      previous: { from: "2026-03-07", to: "2026-03-08" },
      lastYear: { from: "2025-03-08", to: "2025-03-09" },
      earlierEnd: "2026-03-07",
      laterEnd: "2026-03-09",
    });
  });

  it("default to the week ending on the latest data, with no later week to go to", () => {
    const r = resolveRange({ defaultEnd: "2026-11-15" });
    expect(r).toMatchObject({
      preset: "week",
      from: "2026-11-09",
      to: "2026-11-16",
      groupBy: "day",
      laterEnd: null,
    });
    expect(r.previous).toEqual({ from: "2026-11-02", to: "2026-11-09" });
    expect(lastDayOf(r)).toBe("2026-11-15");
  });

  it("step months by calendar month and years by month buckets", () => {
    expect(
      resolveRange({ range: "month", end: "2026-03-31", defaultEnd: "2026-11-15" }),
    ).toMatchObject({
      from: "2026-03-01",
      to: "2026-04-01",
      previous: { from: "2026-02-01", to: "2026-03-01" },
      earlierEnd: "2026-02-28",
    });
    expect(
      resolveRange({ range: "year", end: "2026-10-31", defaultEnd: "2026-11-15" }),
    ).toMatchObject({
      from: "2025-11-01",
      to: "2026-11-01",
      groupBy: "month",
    });
  });

  it("take custom ranges inclusive of their last day, choosing a sensible grouping", () => {
    expect(
      resolveRange({
        range: "custom",
        from: "2026-01-01",
        to: "2026-01-31",
        defaultEnd: "2026-11-15",
      }),
    ).toMatchObject({
      from: "2026-01-01",
      to: "2026-02-01",
      groupBy: "day",
      previous: { from: "2025-12-01", to: "2026-01-01" },
    });
    expect(
      resolveRange({
        range: "custom",
        from: "2025-12-01",
        to: "2026-05-31",
        defaultEnd: "2026-11-15",
      }).groupBy,
    ).toBe("week");
  });

  it("fall back to the default week for nonsense in the URL", () => {
    expect(
      resolveRange({ range: "fortnight", end: "2026-02-30", defaultEnd: "2026-11-15" }),
    ).toMatchObject({
      preset: "week",
      to: "2026-11-16",
    });
    expect(
      resolveRange({
        range: "custom",
        from: "2026-05-01",
        to: "2026-04-01",
        defaultEnd: "2026-11-15",
      }),
    ).toMatchObject({
      preset: "week",
      problem: "The start date must be on or before the end date.",
    });
  });

  it("say why a custom range was not shown", () => {
    const custom = (from: string, to: string) =>
      resolveRange({ range: "custom", from, to, defaultEnd: "2026-11-15" }).problem;
    expect(custom("2026-02-30", "2026-03-10")).toBe("Choose a start and an end date.");
    expect(custom("2025-01-01", "2026-01-02")).toMatch(/^Choose at most 366 days/);
    expect(custom("2025-01-01", "2025-12-31")).toBeUndefined();
    expect(customRangeProblem("2026-03-01", "2026-03-01")).toBeNull();
  });

  it("open a monthly-read meter on a year by month", () => {
    expect(resolveRange({ defaultEnd: "2026-11-30", defaultPreset: "year" })).toMatchObject({
      preset: "year",
      from: "2025-12-01",
      to: "2026-12-01",
      groupBy: "month",
    });
    expect(
      resolveRange({
        range: "custom",
        from: "x",
        to: "y",
        defaultEnd: "2026-11-30",
        defaultPreset: "year",
      }),
    ).toMatchObject({ preset: "year", problem: "Choose a start and an end date." });
  });
});
