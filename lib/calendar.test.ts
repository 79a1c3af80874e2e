import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween, isDateString, localDateOf } from "./calendar";

describe("calendar dates", () => {
  it("adds days across DST changes, leap days and the year's end", () => {
    expect(addDays("2026-03-07", 1)).toBe("2026-03-08");
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
  });

  it("adds months, ending on the last day of a shorter month", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 2)).toBe("2027-01-15");
  });

  it("counts days between dates and knows a real date", () => {
    expect(daysBetween("2026-03-01", "2026-04-01")).toBe(31);
    expect(daysBetween("2028-02-01", "2028-03-01")).toBe(29);
    expect(isDateString("2026-02-30")).toBe(false);
    expect(isDateString("2028-02-29")).toBe(true);
  });

  it("finds an instant's local date in each ESCO's timezone", () => {
    expect(localDateOf("2026-11-15T05:59:00Z", "America/Chicago")).toBe("2026-11-14");
    expect(localDateOf("2026-11-15T06:00:00Z", "America/Chicago")).toBe("2026-11-15");
    expect(localDateOf("2026-11-15T00:30:00Z", "Europe/London")).toBe("2026-11-15");
    // Same zone again, from the kept formatter.
    expect(localDateOf("2026-07-01T04:59:00Z", "America/Chicago")).toBe("2026-06-30");
  });
});
