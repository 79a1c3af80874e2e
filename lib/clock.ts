import { localDateOf } from "./calendar";

/**
 * The portal's clock: the one answer to "what time is it now?" for everything dated that a
 * customer sees (today in an ESCO's timezone, what is due or overdue, the current tariff, usage
 * windows, the readings window of an export) and for the demo data, which runs up to it.
 *
 * In production it is the system time. `PORTAL_NOW` pins it, for tests and for a demo of the
 * portal as it was on a given day: `PORTAL_NOW=2026-11-15T12:00:00Z`, or a date alone
 * (`2026-11-15`), which means noon UTC of that day: the same calendar day from Hawaii to Japan.
 * A pinned clock stands still.
 *
 * SQL reads the same instant through `portal_now()`: the database client hands the pinned value
 * to every connection it opens (db/client.ts), and without one the function is `now()`.
 *
 * Two kinds of time are deliberately NOT read here, and stay on the system clock:
 * when something happened (created_at, audit records, events), and how long something lasts
 * (sessions, tokens, invitations, impersonation, retry back-off). Pinning those would stop
 * things from expiring.
 */
export const CLOCK_VARIABLE = "PORTAL_NOW";

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Reads a clock setting: an ISO date-time with an offset, or a date (noon UTC that day). */
export function parseClockSetting(value: string): Date {
  const text = value.trim();
  const instant = DATE_ONLY.test(text) ? `${text}T12:00:00Z` : text;
  const parsed = INSTANT.test(instant) ? new Date(instant) : new Date(Number.NaN);
  // Round-tripping the date part rejects days such as 2026-02-30 that Date would roll over.
  if (
    Number.isNaN(parsed.getTime()) ||
    (DATE_ONLY.test(text) && !instant.startsWith(parsed.toISOString().slice(0, 10)))
  ) {
    throw new Error(
      `${CLOCK_VARIABLE} must be a date-time with an offset (2026-11-15T12:00:00Z) or a date (2026-11-15), got "${value}"`,
    );
  }
  return parsed;
}

let cache: { setting: string; instant: Date } | undefined;

/** The pinned instant, or null when the clock follows the system time. */
export function pinnedInstant(): Date | null {
  const setting = process.env[CLOCK_VARIABLE];
  if (!setting) return null;
  if (cache?.setting !== setting) cache = { setting, instant: parseClockSetting(setting) };
  return new Date(cache.instant);
}

/** Now, by the portal's clock. */
export function now(): Date {
  return pinnedInstant() ?? new Date();
}

/** Today's date (YYYY-MM-DD) in a timezone, by the portal's clock. */
export function todayIn(timeZone: string): string {
  return localDateOf(now(), timeZone);
}
