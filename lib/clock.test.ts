import { afterEach, describe, expect, it } from "vitest";
import { now, parseClockSetting, pinnedInstant, todayIn } from "./clock";

describe("the portal's clock", () => {
  const saved = process.env.PORTAL_NOW;
  afterEach(() => {
    if (saved === undefined) delete process.env.PORTAL_NOW;
    else process.env.PORTAL_NOW = saved;
  });

  it("follows the system time unless pinned", () => {
    delete process.env.PORTAL_NOW;
    expect(pinnedInstant()).toBeNull();
    const before = Date.now();
    const reading = now().getTime();
    expect(reading).toBeGreaterThanOrEqual(before);
    expect(reading).toBeLessThanOrEqual(Date.now());
  });

  it("stands still where PORTAL_NOW pins it, and follows a change of the setting", () => {
    process.env.PORTAL_NOW = "2026-11-15T12:00:00Z";
    expect(now().toISOString()).toBe("2026-11-15T12:00:00.000Z");
    expect(now().getTime()).toBe(now().getTime());
    process.env.PORTAL_NOW = "2028-02-29T23:30:00-06:00";
    expect(now().toISOString()).toBe("2028-03-01T05:30:00.000Z");
    expect(todayIn("America/Chicago")).toBe("2028-02-29");
    expect(todayIn("Europe/London")).toBe("2028-03-01");
  });

  it("reads a date alone as noon UTC, the same day from Hawaii to Japan", () => {
    expect(parseClockSetting("2026-12-01").toISOString()).toBe("2026-12-01T12:00:00.000Z");
    process.env.PORTAL_NOW = "2026-12-01";
    for (const zone of ["Pacific/Honolulu", "America/Chicago", "Europe/London", "Asia/Tokyo"])
      expect(todayIn(zone)).toBe("2026-12-01");
  });

  it("refuses settings it cannot read, naming the variable", () => {
    for (const bad of ["2026-02-30", "yesterday", "2026-11-15T12:00:00", "15/11/2026"])
      expect(() => parseClockSetting(bad)).toThrow(/PORTAL_NOW/);
  });
});
