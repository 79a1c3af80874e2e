import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";

/**
 * Rate limits are read from the environment on every request, so a test can tighten one for
 * itself; `restoreLimits` (in an afterEach) puts back what the suite started with and clears
 * the counters, so that points spent by one test do not count in the next.
 */
const saved = new Map<string, string | undefined>();

export type LimitVariable =
  | "RATE_LIMIT_SIGN_IN"
  | "RATE_LIMIT_INVITE"
  | "RATE_LIMIT_EXPORT"
  | "RATE_LIMIT_WRITE"
  | "RATE_LIMIT_REST";

/** `points/seconds`, or `off`. */
export function limitTo(variable: LimitVariable, setting: string): void {
  if (!saved.has(variable)) saved.set(variable, process.env[variable]);
  process.env[variable] = setting;
}

export async function restoreLimits(): Promise<void> {
  for (const [variable, value] of saved) {
    if (value === undefined) delete process.env[variable];
    else process.env[variable] = value;
  }
  saved.clear();
  await getDb().delete(rateLimits);
}
