import { UTCDate } from "@date-fns/utc";
import {
  addDays as addDaysTo,
  addMonths as addMonthsTo,
  differenceInCalendarDays,
  format,
} from "date-fns";

/**
 * Calendar arithmetic on local dates written YYYY-MM-DD. A date is a day, not an instant, so the
 * arithmetic happens in UTC, where the machine's or the browser's own timezone can never shift it.
 */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string) => new UTCDate(`${value}T00:00:00Z`);
const iso = (date: Date) => format(date, "yyyy-MM-dd");

/** True for a real calendar date: 2026-02-30, which Date would roll into March, is not one. */
export function isDateString(value: string | null | undefined): value is string {
  if (typeof value !== "string" || !DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function addDays(date: string, days: number): string {
  return iso(addDaysTo(day(date), days));
}

/** Whole months on; the 31st becomes the last day of a shorter month. */
export function addMonths(date: string, months: number): string {
  return iso(addMonthsTo(day(date), months));
}

export function daysBetween(from: string, to: string): number {
  return differenceInCalendarDays(day(to), day(from));
}

// Making a formatter costs far more than using one: one per timezone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in a timezone, e.g. 2026-03-08. */
export function localDateOf(instant: string | Date, timeZone: string): string {
  let formatter = dateFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dateFormats.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}
