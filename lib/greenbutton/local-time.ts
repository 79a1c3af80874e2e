import { tzOffset, tzScan } from "@date-fns/tz";

/**
 * ESPI LocalTimeParameters (NAESB REQ.21 TimeConfiguration) for an IANA zone: the standard
 * offset, the DST offset, and the start and end of DST as bit-encoded rules (DstRuleType):
 * bits 0-11 seconds, 12-16 hour, 17-19 weekday (Monday 1), 20-24 day of month, 25-27 operator,
 * 28-31 month. The hour is the wall-clock time before the change: 02:00 for North America's
 * both changes, 01:00 (GMT) and 02:00 (BST) for the UK's.
 */
export interface LocalTimeParameters {
  /** Offset from UTC without DST, in seconds. */
  tzOffset: number;
  /** What DST adds to it, in seconds; 0 where the zone keeps no DST. */
  dstOffset: number;
  /** Eight hex digits; FFFFFFFF where the zone keeps no DST. */
  dstStartRule: string;
  dstEndRule: string;
}

export const DST_DISABLED = "FFFFFFFF";

/** The operators of DstRuleType. */
const ON_DAY_OF_MONTH = 0;
const WEEKDAY_ON_OR_AFTER = 1;
const NTH_WEEKDAY = 2; // 2 = first … 6 = fifth occurrence
const LAST_WEEKDAY = 7;

/** A change of offset as the local clock saw it just before. */
interface Change {
  year: number;
  month: number;
  day: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  seconds: number;
  daysInMonth: number;
}

/** Years sampled to tell "last Sunday" from "fourth Sunday": eight cover every weekday shift. */
const SAMPLED_YEARS = 8;

function wallClockBefore(at: Date, offsetBeforeMinutes: number, year: number): Change {
  const local = new Date(at.getTime() + offsetBeforeMinutes * 60_000);
  const month = local.getUTCMonth() + 1;
  return {
    year,
    month,
    day: local.getUTCDate(),
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
    seconds: local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds(),
    daysInMonth: new Date(Date.UTC(local.getUTCFullYear(), month, 0)).getUTCDate(),
  };
}

function encode(rule: {
  month: number;
  operator: number;
  day: number;
  weekday: number;
  seconds: number;
}): string {
  const hour = Math.floor(rule.seconds / 3600);
  const value =
    (rule.month << 28) |
    (rule.operator << 25) |
    (rule.day << 20) |
    (rule.weekday << 17) |
    (hour << 12) |
    (rule.seconds % 3600);
  return (value >>> 0).toString(16).toUpperCase().padStart(8, "0");
}

const nth = (day: number) => Math.ceil(day / 7);
const same = <T>(values: T[]) => values.every((v) => v === values[0]);

/**
 * The rule that yields every sampled year's change, preferring the forms zones are written in:
 * the nth weekday, the last weekday, a fixed date, a weekday on or after a date.
 */
export function dstRule(changes: Change[]): string {
  const [first] = changes;
  if (!first) return DST_DISABLED;
  const time = { month: first.month, seconds: first.seconds };
  const consistent =
    same(changes.map((c) => c.month)) &&
    same(changes.map((c) => c.seconds)) &&
    same(changes.map((c) => c.weekday));
  if (consistent && same(changes.map((c) => nth(c.day))) && nth(first.day) <= 5) {
    const operator = NTH_WEEKDAY + nth(first.day) - 1;
    return encode({ ...time, operator, day: 0, weekday: first.weekday });
  }
  if (consistent && changes.every((c) => c.day + 7 > c.daysInMonth)) {
    return encode({ ...time, operator: LAST_WEEKDAY, day: 0, weekday: first.weekday });
  }
  if (same(changes.map((c) => c.month)) && same(changes.map((c) => c.day))) {
    return encode({ ...time, operator: ON_DAY_OF_MONTH, day: first.day, weekday: 0 });
  }
  const earliest = Math.min(...changes.map((c) => c.day));
  if (consistent && changes.every((c) => c.day - earliest < 7)) {
    return encode({
      ...time,
      operator: WEEKDAY_ON_OR_AFTER,
      day: earliest,
      weekday: first.weekday,
    });
  }
  // No rule fits every year (the zone's law changed): the given year's date, as a fixed day.
  return encode({ ...time, operator: ON_DAY_OF_MONTH, day: first.day, weekday: 0 });
}

/** The zone's offsets over a year, by scanning the zone data for changes. */
function changesIn(timeZone: string, year: number) {
  return tzScan(timeZone, {
    start: new Date(Date.UTC(year, 0, 1)),
    end: new Date(Date.UTC(year + 1, 0, 1)),
  });
}

/** LocalTimeParameters of `timeZone` in `year`, from the zone's own transitions. */
export function localTimeParameters(timeZone: string, year: number): LocalTimeParameters {
  const starts: Change[] = [];
  const ends: Change[] = [];
  let standard: number | undefined;
  let daylight: number | undefined;
  for (let y = year; y < year + SAMPLED_YEARS; y++) {
    const changes = changesIn(timeZone, y);
    // Only years that both start and end DST describe the recurring rule.
    if (!changes.some((c) => c.change > 0) || !changes.some((c) => c.change < 0)) {
      if (y === year) break;
      continue;
    }
    for (const c of changes) {
      const change = wallClockBefore(c.date, c.offset - c.change, y);
      if (c.change > 0) starts.push(change);
      else ends.push(change);
      if (y === year) {
        if (c.change > 0) daylight = c.offset;
        else standard = c.offset;
      }
    }
  }
  if (standard === undefined || daylight === undefined) {
    const offset = tzOffset(timeZone, new Date(Date.UTC(year, 11, 31)));
    return {
      tzOffset: offset * 60,
      dstOffset: 0,
      dstStartRule: DST_DISABLED,
      dstEndRule: DST_DISABLED,
    };
  }
  return {
    tzOffset: standard * 60,
    dstOffset: (daylight - standard) * 60,
    dstStartRule: dstRule(starts),
    dstEndRule: dstRule(ends),
  };
}
