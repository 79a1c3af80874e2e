import { addDays, addMonths, daysBetween, isDateString } from "./calendar";

/**
 * The usage views a customer can pick, as windows of local calendar dates. The API reads a date
 * as midnight in the meter's ESCO timezone, so only calendar arithmetic happens here (in UTC, so
 * the browser's own timezone can never shift a day).
 */
export const rangePresets = ["day", "week", "month", "year", "custom"] as const;
export type RangePreset = (typeof rangePresets)[number];
export type Grouping = "hour" | "day" | "week" | "month";

export interface UsageRange {
  preset: RangePreset;
  /** First day shown. */
  from: string;
  /** The day after the last day shown (the window's exclusive end). */
  to: string;
  groupBy: Grouping;
  previous: { from: string; to: string };
  lastYear: { from: string; to: string };
  /** The `end` to use for the previous and next period buttons (presets only). */
  earlierEnd: string | null;
  laterEnd: string | null;
  /** Why a custom range asked for in the address was not shown, when it was not. */
  problem?: string;
}

/** What is wrong with a custom range, if anything: the message a customer sees. */
export function customRangeProblem(from: string | null | undefined, to: string | null | undefined) {
  if (!isDateString(from) || !isDateString(to)) return "Choose a start and an end date.";
  if (from > to) return "The start date must be on or before the end date.";
  if (daysBetween(from, to) >= MAX_CUSTOM_DAYS)
    return `Choose at most ${MAX_CUSTOM_DAYS} days; longer ranges are shown by the year.`;
  return null;
}

const MAX_CUSTOM_DAYS = 366;

const shiftDays = addDays;
const addYears = (value: string, years: number) => addMonths(value, 12 * years);

function groupingFor(days: number): Grouping {
  if (days <= 2) return "hour";
  if (days <= 62) return "day";
  if (days <= 190) return "week";
  return "month";
}

/** The window for a preset ending on `end` (inclusive), or a custom from/to (to inclusive). */
export function resolveRange(params: {
  range?: string | null;
  end?: string | null;
  from?: string | null;
  to?: string | null;
  defaultEnd: string;
  /** The view a meter opens on: a week of half-hourly reads, a year of monthly ones. */
  defaultPreset?: Exclude<RangePreset, "custom">;
}): UsageRange {
  const fallback = params.defaultPreset ?? "week";
  const preset = (rangePresets as readonly string[]).includes(params.range ?? "")
    ? (params.range as RangePreset)
    : fallback;
  const problem = preset === "custom" ? customRangeProblem(params.from, params.to) : null;
  if (problem) {
    return { ...resolveRange({ ...params, range: fallback }), problem };
  }
  if (preset === "custom" && isDateString(params.from) && isDateString(params.to)) {
    const to = shiftDays(params.to, 1);
    const length = Math.min(daysBetween(params.from, to), MAX_CUSTOM_DAYS);
    const from = shiftDays(to, -length);
    return {
      preset,
      from,
      to,
      groupBy: groupingFor(length),
      previous: { from: shiftDays(from, -length), to: from },
      lastYear: { from: addYears(from, -1), to: addYears(to, -1) },
      earlierEnd: null,
      laterEnd: null,
    };
  }
  const end = isDateString(params.end) ? params.end : params.defaultEnd;
  const to = shiftDays(end, 1);
  const start: Record<Exclude<RangePreset, "custom">, () => string> = {
    day: () => end,
    week: () => shiftDays(end, -6),
    month: () => addMonths(to, -1),
    year: () => addYears(to, -1),
  };
  const kind = preset === "custom" ? fallback : preset;
  const from = start[kind]();
  const groupBy: Grouping = kind === "day" ? "hour" : kind === "year" ? "month" : "day";
  const previousFrom =
    kind === "month"
      ? addMonths(from, -1)
      : kind === "year"
        ? addYears(from, -1)
        : shiftDays(from, -daysBetween(from, to));
  const step = (direction: -1 | 1) =>
    kind === "month"
      ? addMonths(end, direction)
      : kind === "year"
        ? addYears(end, direction)
        : shiftDays(end, direction * daysBetween(from, to));
  return {
    preset: kind,
    from,
    to,
    groupBy,
    previous: { from: previousFrom, to: from },
    lastYear: { from: addYears(from, -1), to: addYears(to, -1) },
    earlierEnd: step(-1),
    laterEnd: step(1) <= params.defaultEnd ? step(1) : null,
  };
}

/** The inclusive last day of a window, for display. */
export function lastDayOf(range: { to: string }): string {
  return shiftDays(range.to, -1);
}
