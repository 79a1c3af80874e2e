import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";

/**
 * The limits, as points per window of seconds, counted per principal (per IP address for
 * anonymous callers). `RATE_LIMIT_<NAME>` overrides one: `points/seconds`, or `off`.
 */
const DEFAULTS = {
  /** Sign-in starts and the realm's callbacks, per IP address. */
  signIn: { points: 60, seconds: 60 },
  /** Opening and accepting invitations. */
  invite: { points: 30, seconds: 600 },
  /** Full data exports: each reads everything held about a customer. */
  export: { points: 10, seconds: 3600 },
  /** Any change made by a person (the feed services are not limited). */
  write: { points: 120, seconds: 60 },
  /** The admin API, reads as well as writes. */
  rest: { points: 600, seconds: 60 },
} as const;

export type LimitName = keyof typeof DEFAULTS;

const ENV_NAMES: Record<LimitName, string> = {
  signIn: "RATE_LIMIT_SIGN_IN",
  invite: "RATE_LIMIT_INVITE",
  export: "RATE_LIMIT_EXPORT",
  write: "RATE_LIMIT_WRITE",
  rest: "RATE_LIMIT_REST",
};

function settingOf(name: LimitName): { points: number; seconds: number } | null {
  const value = process.env[ENV_NAMES[name]]?.trim();
  if (!value) return DEFAULTS[name];
  if (value === "off") return null;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`${ENV_NAMES[name]} must be points/seconds or off, not ${value}`);
  return { points: Number(match[1]), seconds: Number(match[2]) };
}

const limiters = new Map<
  LimitName,
  { db: unknown; setting: string; limiter: RateLimiterDrizzle | null }
>();

/** Limiters are made on first use, and again when the setting or the database handle changes. */
function limiterFor(name: LimitName): RateLimiterDrizzle | null {
  const setting = settingOf(name);
  const db = getDb();
  const settingKey = setting ? `${setting.points}/${setting.seconds}` : "off";
  const known = limiters.get(name);
  if (known && known.db === db && known.setting === settingKey) return known.limiter;
  const limiter = setting
    ? new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: name,
        points: setting.points,
        duration: setting.seconds,
      })
    : null;
  limiters.set(name, { db, setting: settingKey, limiter });
  return limiter;
}

/** The caller's address as the proxy in front of the portal reports it. */
export function clientAddress(req: Request): string {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || req.headers.get("x-real-ip") || "unknown";
}

/** Whom a limit counts: the signed-in person, or the address of an anonymous caller. */
export function limitKey(req: Request, principal: Principal | null): string {
  return principal ? `${principal.kind}:${principal.subject}` : `ip:${clientAddress(req)}`;
}

/** Takes one point of the limit, or refuses with 429 and when to try again. */
export async function consumeLimit(name: LimitName, key: string): Promise<void> {
  const limiter = limiterFor(name);
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError("rate_limited", `Too many requests. Try again in ${retryAfter} s.`, {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}
