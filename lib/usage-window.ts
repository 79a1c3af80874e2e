import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { addDays } from "@/lib/calendar";
import { todayIn } from "@/lib/clock";
import { AppError } from "@/lib/errors";

const isoDate = z.iso.date({ message: "Use a date like 2025-01-31 or a date-time with an offset" });
const isoInstant = z.iso.datetime({
  offset: true,
  message: "Use a date like 2025-01-31 or a date-time with an offset",
});

export const windowBound = z.union([isoDate, isoInstant]);

export const usageWindowQuery = z.strictObject({
  from: windowBound.optional(),
  to: windowBound.optional(),
});

const MAX_DAYS = 400;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * A usage window and the one of equal length before it. Dates are local days in each meter's
 * ESCO timezone; date-times are exact instants. Reads at T cover the period ending at T, so a
 * window takes reads in (from, to].
 */
export type UsageWindow =
  | { kind: "date"; from: string; to: string; previousFrom: string }
  | { kind: "instant"; from: string; to: string; previousFrom: string };

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * Without bounds the window is the 30 whole days before today, by the portal's clock: today is
 * still arriving, and a part-day set against 30 whole days would understate every comparison.
 */
export function resolveUsageWindow(
  query: z.output<typeof usageWindowQuery>,
  today = todayIn("UTC"),
): UsageWindow {
  const { from, to } = query;
  if (!from && !to) {
    const end = today;
    const start = addDays(end, -DEFAULT_DAYS);
    return { kind: "date", from: start, to: end, previousFrom: addDays(start, -DEFAULT_DAYS) };
  }
  if (!from || !to) {
    throw new AppError("validation_failed", "Give both from and to, or neither.", {
      errors: [
        { field: from ? "to" : "from", message: "Required with the other bound", code: "required" },
      ],
    });
  }
  if (isDate(from) !== isDate(to)) {
    throw new AppError("validation_failed", "from and to must both be dates or both date-times.", {
      errors: [{ field: "to", message: "Use the same form as from", code: "mismatched_bounds" }],
    });
  }
  const span =
    Date.parse(isDate(to) ? `${to}T00:00:00Z` : to) -
    Date.parse(isDate(from) ? `${from}T00:00:00Z` : from);
  if (span <= 0 || span > MAX_DAYS * DAY_MS) {
    throw new AppError(
      "validation_failed",
      `The window must end after it starts and span at most ${MAX_DAYS} days.`,
      {
        errors: [{ field: "to", message: "Out of range", code: "out_of_range" }],
      },
    );
  }
  if (isDate(from)) {
    const days = Math.round(span / DAY_MS);
    return { kind: "date", from, to, previousFrom: addDays(from, -days) };
  }
  const previousFrom = new Date(Date.parse(from) - span).toISOString();
  return {
    kind: "instant",
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    previousFrom,
  };
}

/** The window's bounds as timestamptz SQL, interpreting dates in `timezone` (an SQL expression). */
export function windowBounds(window: UsageWindow, timezone: SQL) {
  const at = (value: string) =>
    window.kind === "date"
      ? sql`(${value}::date)::timestamp AT TIME ZONE ${timezone}`
      : sql`${value}::timestamptz`;
  return { previousFrom: at(window.previousFrom), from: at(window.from), to: at(window.to) };
}

export function windowJson(window: UsageWindow) {
  return {
    from: window.from,
    to: window.to,
    previous: { from: window.previousFrom, to: window.from },
  };
}
