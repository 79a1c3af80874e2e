import type { RealmDefinition } from "./realm";

/** Keycloak's brute force detection settings, under the names of its realm export. */
export type BruteForceSettings = Required<
  Pick<
    RealmDefinition,
    | "bruteForceProtected"
    | "permanentLockout"
    | "maxTemporaryLockouts"
    | "failureFactor"
    | "waitIncrementSeconds"
    | "maxFailureWaitSeconds"
    | "maxDeltaTimeSeconds"
    | "quickLoginCheckMilliSeconds"
    | "minimumQuickLoginWaitSeconds"
  >
>;

/** What Keycloak assumes for a setting the realm export leaves out. */
export const BRUTE_FORCE_DEFAULTS: BruteForceSettings = {
  bruteForceProtected: false,
  permanentLockout: false,
  maxTemporaryLockouts: 0,
  failureFactor: 30,
  waitIncrementSeconds: 60,
  maxFailureWaitSeconds: 900,
  maxDeltaTimeSeconds: 43_200,
  quickLoginCheckMilliSeconds: 1000,
  minimumQuickLoginWaitSeconds: 60,
};

export function bruteForceSettings(definition: RealmDefinition): BruteForceSettings {
  const settings: Record<string, unknown> = { ...BRUTE_FORCE_DEFAULTS };
  for (const [key, fallback] of Object.entries(BRUTE_FORCE_DEFAULTS)) {
    const value = definition[key as keyof BruteForceSettings] ?? fallback;
    const valid =
      typeof fallback === "boolean"
        ? typeof value === "boolean"
        : Number.isInteger(value) && (value as number) >= 0;
    if (!valid) {
      const expected = typeof fallback === "boolean" ? "true or false" : "a non-negative integer";
      throw new Error(`Realm ${definition.realm}: ${key} must be ${expected}`);
    }
    settings[key] = value;
  }
  if (settings.failureFactor === 0) {
    throw new Error(`Realm ${definition.realm}: failureFactor must be at least 1`);
  }
  return settings as BruteForceSettings;
}

interface LoginFailures {
  failures: number;
  temporaryLockouts: number;
  /** Epoch milliseconds of the last counted failure. */
  lastFailure: number;
  /** Epoch milliseconds until which sign-ins are refused. */
  lockedUntil: number;
  permanent: boolean;
}

/**
 * Keycloak's brute force detector for one realm, per user id. Failures are counted only
 * while the user is not locked; a locked user is refused whatever the password.
 *
 * The failures live in memory: a restart forgets them and lifts every lockout, a permanent
 * one included (Keycloak would keep the user disabled until an administrator enables it).
 */
export class BruteForceDetector {
  private readonly records = new Map<string, LoginFailures>();

  constructor(
    readonly settings: BruteForceSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Permanent lockout without temporary lockouts first: failures never expire. */
  private get permanentOnly(): boolean {
    return this.settings.permanentLockout && this.settings.maxTemporaryLockouts === 0;
  }

  /** Users with failures on record. */
  get size(): number {
    return this.records.size;
  }

  /** The user's record, dropped once Keycloak would let it expire. */
  private record(userId: string, now: number): LoginFailures | undefined {
    const record = this.records.get(userId);
    if (!record || record.permanent || this.permanentOnly) return record;
    const idle = now - record.lastFailure > this.settings.maxDeltaTimeSeconds * 1000;
    if (idle && now >= record.lockedUntil) {
      this.records.delete(userId);
      return undefined;
    }
    return record;
  }

  isLocked(userId: string): boolean {
    const now = this.now();
    const record = this.record(userId, now);
    return record !== undefined && (record.permanent || now < record.lockedUntil);
  }

  failure(userId: string): void {
    const settings = this.settings;
    if (!settings.bruteForceProtected || this.isLocked(userId)) return;
    const now = this.now();
    const previous = this.record(userId, now);
    const delta = previous ? now - previous.lastFailure : 0;
    const reset = !previous || (!this.permanentOnly && delta > settings.maxDeltaTimeSeconds * 1000);
    const record: LoginFailures = reset
      ? { failures: 0, temporaryLockouts: 0, lastFailure: now, lockedUntil: 0, permanent: false }
      : previous;
    record.lastFailure = now;
    record.failures += 1;

    let waitSeconds = this.permanentOnly
      ? 0
      : settings.waitIncrementSeconds * Math.floor(record.failures / settings.failureFactor);
    let quick = false;
    if (waitSeconds === 0 && previous && delta < settings.quickLoginCheckMilliSeconds) {
      waitSeconds = settings.minimumQuickLoginWaitSeconds;
      quick = true;
    }
    if (waitSeconds > 0) {
      if (!this.permanentOnly) waitSeconds = Math.min(settings.maxFailureWaitSeconds, waitSeconds);
      if (!quick) record.temporaryLockouts += 1;
      // Past the allowed temporary lockouts the permanent one below takes over.
      if (
        quick ||
        !settings.permanentLockout ||
        record.temporaryLockouts <= settings.maxTemporaryLockouts
      ) {
        record.lockedUntil = now + waitSeconds * 1000;
      }
    }
    if (
      settings.permanentLockout &&
      (record.temporaryLockouts > settings.maxTemporaryLockouts ||
        (this.permanentOnly && record.failures >= settings.failureFactor))
    ) {
      record.permanent = true;
    }
    this.records.set(userId, record);
  }

  /** A successful sign-in clears the user's failures. */
  success(userId: string): void {
    this.records.delete(userId);
  }
}
