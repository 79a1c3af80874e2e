/**
 * Where the test suites stand in time. Every suite pins the portal's clock (PORTAL_NOW), so no
 * figure depends on the day the suite runs.
 */

/** The instant the integration and browser suites run at. */
export const SUITE_NOW = "2026-11-15T12:00:00Z";

export interface AwkwardDay {
  /** The instant the clock is pinned to. */
  at: string;
  why: string;
  /** A daylight-saving change the day before, whose figures are now complete. */
  dst?: { zone: string; day: string; hours: number };
  /** A customer whose bill falls due on the day. */
  dueToday?: string;
  /** The browser suite also opens the portal on this day. */
  browser?: boolean;
}

/** The days where calendars are awkward, in the order a clock meets them. */
export const awkwardDays: AwkwardDay[] = [
  {
    at: "2026-12-01T12:00:00Z",
    why: "the 1st: last month's bills are not issued yet",
    browser: true,
  },
  { at: "2026-12-02T12:00:00Z", why: "the 2nd" },
  { at: "2026-12-03T12:00:00Z", why: "the 3rd: last month's bills are issued", browser: true },
  { at: "2026-12-24T12:00:00Z", why: "a due date that is today", dueToday: "alice", browser: true },
  { at: "2026-12-31T12:00:00Z", why: "31 December" },
  { at: "2027-01-01T12:00:00Z", why: "1 January", browser: true },
  { at: "2027-03-14T12:00:00Z", why: "the US DST change day" },
  {
    at: "2027-03-15T12:00:00Z",
    why: "the day after the US change",
    dst: { zone: "America/Chicago", day: "2027-03-14", hours: 23 },
  },
  { at: "2027-03-28T12:00:00Z", why: "the UK DST change day" },
  {
    at: "2027-03-29T12:00:00Z",
    why: "the day after the UK change",
    dst: { zone: "Europe/London", day: "2027-03-28", hours: 23 },
    browser: true,
  },
  {
    at: "2027-11-01T12:00:00Z",
    why: "the day after the UK returns to GMT",
    dst: { zone: "Europe/London", day: "2027-10-31", hours: 25 },
  },
  { at: "2027-11-07T12:00:00Z", why: "the US returns to standard time" },
  {
    at: "2027-11-08T12:00:00Z",
    why: "the day after the US change",
    dst: { zone: "America/Chicago", day: "2027-11-07", hours: 25 },
    browser: true,
  },
  { at: "2028-02-29T12:00:00Z", why: "29 February 2028", browser: true },
  { at: "2028-03-01T12:00:00Z", why: "the day after 29 February" },
];
