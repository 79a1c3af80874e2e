import { describe, expect, it } from "vitest";
import { DST_DISABLED, localTimeParameters } from "./local-time";

/** Splits a DstRuleType back into its fields, to read the tests against the encoding's table. */
function decode(rule: string) {
  const v = Number.parseInt(rule, 16);
  return {
    month: v >>> 28,
    operator: (v >>> 25) & 0x7,
    day: (v >>> 20) & 0x1f,
    weekday: (v >>> 17) & 0x7,
    hour: (v >>> 12) & 0x1f,
    seconds: v & 0xfff,
  };
}

describe("ESPI LocalTimeParameters", () => {
  it("encodes North American DST exactly as the Green Button reference feed does", () => {
    // test_usage_data.xml: second Sunday of March and first Sunday of November, at 02:00.
    for (const year of [2012, 2026, 2027]) {
      expect(localTimeParameters("America/Chicago", year)).toEqual({
        tzOffset: -21_600,
        dstOffset: 3600,
        dstStartRule: "360E2000",
        dstEndRule: "B40E2000",
      });
    }
    expect(localTimeParameters("America/New_York", 2026).tzOffset).toBe(-18_000);
  });

  it("encodes the UK's last Sundays: 01:00 GMT in March, 02:00 BST in October", () => {
    const uk = localTimeParameters("Europe/London", 2026);
    expect(uk).toMatchObject({ tzOffset: 0, dstOffset: 3600 });
    expect(decode(uk.dstStartRule)).toEqual({
      month: 3,
      operator: 7,
      day: 0,
      weekday: 7,
      hour: 1,
      seconds: 0,
    });
    expect(decode(uk.dstEndRule)).toEqual({
      month: 10,
      operator: 7,
      day: 0,
      weekday: 7,
      hour: 2,
      seconds: 0,
    });
    expect(uk.dstStartRule).toBe("3E0E1000");
    expect(uk.dstEndRule).toBe("AE0E2000");
    // Whichever year, whether the last Sunday is the fourth or the fifth of the month.
    expect(localTimeParameters("Europe/London", 2027)).toEqual(uk);
  });

  it("puts the southern hemisphere's start in spring (October) and end in April", () => {
    const sydney = localTimeParameters("Australia/Sydney", 2026);
    expect(sydney.tzOffset).toBe(36_000);
    expect(decode(sydney.dstStartRule)).toMatchObject({
      month: 10,
      operator: 2,
      weekday: 7,
      hour: 2,
    });
    expect(decode(sydney.dstEndRule)).toMatchObject({ month: 4, operator: 2, weekday: 7, hour: 3 });
  });

  it("disables the rules for zones without DST", () => {
    expect(localTimeParameters("Asia/Tokyo", 2026)).toEqual({
      tzOffset: 32_400,
      dstOffset: 0,
      dstStartRule: DST_DISABLED,
      dstEndRule: DST_DISABLED,
    });
    expect(localTimeParameters("Asia/Kolkata", 2026).tzOffset).toBe(19_800);
    expect(localTimeParameters("UTC", 2026).dstStartRule).toBe(DST_DISABLED);
  });
});
