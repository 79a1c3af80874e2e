import { TZDate } from "@date-fns/tz";
import { daysBetween } from "./calendar";
import type { Grouping } from "./usage-range";

/**
 * Comparing one usage window with another, slot by slot on the calendar: the same day of the
 * window and the same local time of day (so Saturday meets Saturday, and 01:00 meets 01:00 on a
 * day the clocks change), never bar i with bar i. A comparison counts only the slots both
 * windows have complete readings for, says how much that is, and gives no percentage when either
 * window covers less than MIN_COVERAGE of its length.
 */
export const MIN_COVERAGE = 0.8;

export interface SlotBucket {
  start: string;
  end: string;
  consumption: number | null;
  complete: boolean;
  /** Reads the bucket holds and should hold, where known: its share of the period covered. */
  reads?: number;
  expectedReads?: number;
}

export interface Window {
  /** First local date. */
  from: string;
  /** The local date after the last (exclusive end). */
  to: string;
}

/** Where a bucket sits in its window: day of the window, and the local time for hourly ones. */
export function slotOf(bucketStart: string, window: Window, timeZone: string, groupBy: Grouping) {
  const local = new TZDate(bucketStart, timeZone);
  const date = `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
  const day = daysBetween(window.from, date);
  switch (groupBy) {
    case "hour":
      return `${day}T${pad(local.getHours())}:${pad(local.getMinutes())}`;
    case "day":
      return `${day}`;
    case "week":
      return `w${Math.floor(day / 7)}`;
    case "month": {
      const [y, m] = window.from.split("-").map(Number) as [number, number];
      return `m${(local.getFullYear() - y) * 12 + local.getMonth() + 1 - m}`;
    }
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

/** For each bucket of `current`, the bucket of `other` in the same calendar slot, if any. */
export function alignBySlot<B extends SlotBucket>(
  current: readonly B[],
  currentWindow: Window,
  other: readonly B[],
  otherWindow: Window,
  timeZone: string,
  groupBy: Grouping,
): (B | null)[] {
  const bySlot = new Map<string, B>();
  for (const b of other) {
    const slot = slotOf(b.start, otherWindow, timeZone, groupBy);
    if (!bySlot.has(slot)) bySlot.set(slot, b);
  }
  return current.map((b) => bySlot.get(slotOf(b.start, currentWindow, timeZone, groupBy)) ?? null);
}

/** The window's length in milliseconds, from local midnight to local midnight. */
function windowLength(window: Window, timeZone: string): number {
  const at = (date: string) => {
    const [y, m, d] = date.split("-").map(Number) as [number, number, number];
    return new TZDate(y, m - 1, d, timeZone).getTime();
  };
  return at(window.to) - at(window.from);
}

const span = (b: SlotBucket) => Date.parse(b.end) - Date.parse(b.start);

/** How much of its own span a bucket's readings cover, from 0 to 1. */
function filled(b: SlotBucket): number {
  if (b.expectedReads && b.reads !== undefined) return Math.min(1, b.reads / b.expectedReads);
  return b.complete ? 1 : 0;
}

/**
 * A bucket counts in a comparison when it has a value and its readings cover at least
 * MIN_COVERAGE of it: a month missing one half-hour still compares, a month of two days does not.
 */
const usable = (b: SlotBucket | null, value: (b: SlotBucket) => number | null): b is SlotBucket =>
  b != null && value(b) !== null && filled(b) >= MIN_COVERAGE;

export interface Comparison {
  /** Totals over the slots both windows have complete readings for. */
  current: number;
  other: number;
  /** Share of each window's length with complete readings, and of the current one compared. */
  coverage: { current: number; other: number; compared: number };
  /** Percentage change, or null when either window covers too little (or the other is zero). */
  change: number | null;
}

export function compareWindows<B extends SlotBucket>(
  current: { window: Window; buckets: readonly B[] },
  other: { window: Window; buckets: readonly B[] },
  timeZone: string,
  groupBy: Grouping,
  value: (b: B) => number | null,
): Comparison {
  const v = value as (b: SlotBucket) => number | null;
  const aligned = alignBySlot(
    current.buckets,
    current.window,
    other.buckets,
    other.window,
    timeZone,
    groupBy,
  );
  let sumCurrent = 0;
  let sumOther = 0;
  let compared = 0;
  current.buckets.forEach((b, i) => {
    const match = aligned[i] ?? null;
    if (!usable(b, v) || !usable(match, v)) return;
    sumCurrent += v(b) ?? 0;
    sumOther += v(match) ?? 0;
    compared += span(b);
  });
  const covered = (buckets: readonly SlotBucket[], window: Window) =>
    Math.min(
      1,
      buckets.filter((b) => v(b) !== null).reduce((sum, b) => sum + span(b) * filled(b), 0) /
        windowLength(window, timeZone),
    );
  const coverage = {
    current: covered(current.buckets, current.window),
    other: covered(other.buckets, other.window),
    compared: Math.min(1, compared / windowLength(current.window, timeZone)),
  };
  const enough = coverage.current >= MIN_COVERAGE && coverage.other >= MIN_COVERAGE;
  return {
    current: sumCurrent,
    other: sumOther,
    coverage,
    change: enough && sumOther > 0 ? ((sumCurrent - sumOther) / sumOther) * 100 : null,
  };
}
