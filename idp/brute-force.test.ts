import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BRUTE_FORCE_DEFAULTS,
  BruteForceDetector,
  type BruteForceSettings,
  bruteForceSettings,
} from "./brute-force";
import { LoadedRealm, loadRealms, type RealmDefinition } from "./realm";
import { UserStore } from "./users";

const SECOND = 1000;
const REALM_SETTINGS: BruteForceSettings = {
  bruteForceProtected: true,
  permanentLockout: false,
  maxTemporaryLockouts: 0,
  failureFactor: 10,
  waitIncrementSeconds: 60,
  maxFailureWaitSeconds: 900,
  maxDeltaTimeSeconds: 43_200,
  quickLoginCheckMilliSeconds: 0,
  minimumQuickLoginWaitSeconds: 60,
};

/** A detector on a clock that only moves when told to. */
function detector(overrides: Partial<BruteForceSettings> = {}) {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const detect = new BruteForceDetector({ ...REALM_SETTINGS, ...overrides }, () => clock.now);
  const fail = (times: number, userId = "alice") => {
    for (let i = 0; i < times; i++) detect.failure(userId);
  };
  const advance = (ms: number) => {
    clock.now += ms;
  };
  return { detect, fail, advance };
}

describe("brute force settings", () => {
  const realm = (extra: Partial<RealmDefinition> = {}): RealmDefinition => ({
    realm: "test",
    clients: [],
    users: [],
    ...extra,
  });

  it("takes Keycloak's defaults for what the realm export leaves out", () => {
    expect(bruteForceSettings(realm())).toEqual(BRUTE_FORCE_DEFAULTS);
    expect(BRUTE_FORCE_DEFAULTS.bruteForceProtected).toBe(false);
    expect(bruteForceSettings(realm({ bruteForceProtected: true, failureFactor: 3 }))).toEqual({
      ...BRUTE_FORCE_DEFAULTS,
      bruteForceProtected: true,
      failureFactor: 3,
    });
  });

  it("refuses settings it cannot use, naming the realm and the setting", () => {
    const bad = [
      { failureFactor: 0 },
      { waitIncrementSeconds: -1 },
      { maxDeltaTimeSeconds: 1.5 },
      { quickLoginCheckMilliSeconds: "1000" },
      { bruteForceProtected: "true" },
    ] as unknown as Partial<RealmDefinition>[];
    for (const extra of bad) {
      const [key] = Object.keys(extra);
      expect(() => bruteForceSettings(realm(extra))).toThrow(`Realm test: ${key} must be`);
    }
  });

  it("is turned on in both shipped realms", async () => {
    const realms = await loadRealms({
      portalOrigins: ["http://localhost:3000"],
      clientSecret: "x",
    });
    expect(realms.map((loaded) => loaded.name).sort()).toEqual(["ossrep", "ossrep-internal"]);
    for (const loaded of realms) {
      expect(bruteForceSettings(loaded.definition)).toEqual(REALM_SETTINGS);
    }
  });
});

describe("brute force detector", () => {
  it("locks a user at failureFactor failures and unlocks after waitIncrement", () => {
    const { detect, fail, advance } = detector();
    fail(9);
    expect(detect.isLocked("alice")).toBe(false);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);
    expect(detect.isLocked("bob")).toBe(false);
    advance(60 * SECOND - 1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(1);
    expect(detect.isLocked("alice")).toBe(false);
  });

  it("does not count failures while the user is locked", () => {
    const { detect, fail, advance } = detector();
    fail(10);
    fail(290);
    advance(60 * SECOND);
    expect(detect.isLocked("alice")).toBe(false);
    // Failure 11: still waitIncrement × floor(11 / 10), so one more minute, not thirty.
    fail(1);
    advance(60 * SECOND - 1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(1);
    expect(detect.isLocked("alice")).toBe(false);
  });

  it("grows the wait with each multiple of failureFactor, up to maxFailureWait", () => {
    const { detect, fail, advance } = detector({
      failureFactor: 2,
      waitIncrementSeconds: 60,
      maxFailureWaitSeconds: 150,
    });
    const waits: number[] = [];
    for (let failures = 1; failures <= 7; failures++) {
      fail(1);
      let waited = 0;
      while (detect.isLocked("alice")) {
        advance(SECOND);
        waited += 1;
      }
      waits.push(waited);
    }
    expect(waits).toEqual([0, 60, 60, 120, 120, 150, 150]);
  });

  it("starts counting afresh once maxDeltaTime has passed since the last failure", () => {
    const { detect, fail, advance } = detector({ maxDeltaTimeSeconds: 3600 });
    fail(9);
    advance(3600 * SECOND);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);

    const fresh = detector({ maxDeltaTimeSeconds: 3600 });
    fresh.fail(9);
    fresh.advance(3600 * SECOND + 1);
    fresh.fail(1);
    expect(fresh.detect.isLocked("alice")).toBe(false);
    fresh.fail(8);
    expect(fresh.detect.isLocked("alice")).toBe(false);
    fresh.fail(1);
    expect(fresh.detect.isLocked("alice")).toBe(true);
  });

  it("forgets a user's failures once they expire", () => {
    const { detect, fail, advance } = detector({ maxDeltaTimeSeconds: 3600 });
    fail(3, "alice");
    fail(3, "bob");
    expect(detect.size).toBe(2);
    advance(3600 * SECOND + 1);
    expect(detect.isLocked("alice")).toBe(false);
    expect(detect.isLocked("bob")).toBe(false);
    expect(detect.size).toBe(0);
  });

  it("clears the failures on a successful sign-in", () => {
    const { detect, fail } = detector();
    fail(9);
    detect.success("alice");
    expect(detect.size).toBe(0);
    fail(9);
    expect(detect.isLocked("alice")).toBe(false);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);
  });

  it("locks for minimumQuickLoginWait after two failures closer than quickLoginCheck", () => {
    const { detect, fail, advance } = detector({
      quickLoginCheckMilliSeconds: 1000,
      minimumQuickLoginWaitSeconds: 30,
    });
    fail(1);
    advance(1000);
    fail(1);
    expect(detect.isLocked("alice")).toBe(false);
    advance(999);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(30 * SECOND - 1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(1);
    expect(detect.isLocked("alice")).toBe(false);
  });

  it("has no quick-login check when quickLoginCheckMilliSeconds is 0", () => {
    const { detect, fail } = detector({ quickLoginCheckMilliSeconds: 0 });
    fail(9);
    expect(detect.isLocked("alice")).toBe(false);
  });

  it("locks permanently at failureFactor failures, which then never expire", () => {
    const { detect, fail, advance } = detector({
      permanentLockout: true,
      maxDeltaTimeSeconds: 3600,
    });
    fail(9);
    expect(detect.isLocked("alice")).toBe(false);
    advance(7 * 24 * 3600 * SECOND);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(365 * 24 * 3600 * SECOND);
    expect(detect.isLocked("alice")).toBe(true);
  });

  it("locks permanently after maxTemporaryLockouts temporary lockouts", () => {
    const { detect, fail, advance } = detector({
      permanentLockout: true,
      maxTemporaryLockouts: 2,
      failureFactor: 3,
      waitIncrementSeconds: 60,
    });
    fail(3);
    expect(detect.isLocked("alice")).toBe(true);
    advance(60 * SECOND);
    expect(detect.isLocked("alice")).toBe(false);
    fail(1);
    expect(detect.isLocked("alice")).toBe(true);
    advance(60 * SECOND);
    expect(detect.isLocked("alice")).toBe(false);
    fail(1);
    advance(365 * 24 * 3600 * SECOND);
    expect(detect.isLocked("alice")).toBe(true);
  });

  it("does nothing when the realm is not protected", () => {
    const { detect, fail } = detector({
      bruteForceProtected: false,
      quickLoginCheckMilliSeconds: 1,
    });
    fail(1000);
    expect(detect.isLocked("alice")).toBe(false);
    expect(detect.size).toBe(0);
  });
});

describe("sign-in with brute force detection", () => {
  const ALICE = "f6957418-3943-44db-a219-94c7a4610495";

  async function store() {
    const definition: RealmDefinition = {
      realm: "test",
      clients: [{ clientId: "feed", serviceAccountsEnabled: true, secret: "feed" }],
      users: [
        {
          id: ALICE,
          username: "alice",
          email: "alice@example.com",
          credentials: [{ type: "password", value: "alice" }],
        },
        { id: "bob", username: "bob", credentials: [{ type: "password", value: "bob" }] },
        {
          id: "feed-account",
          username: "service-account-feed",
          serviceAccountClientId: "feed",
          credentials: [{ type: "password", value: "feed" }],
        },
      ],
    };
    const clock = { now: Date.UTC(2026, 0, 1) };
    const detect = new BruteForceDetector(REALM_SETTINGS, () => clock.now);
    const dataDir = path.join(tmpdir(), `idp-unused-${randomUUID()}`);
    const users = await UserStore.open(new LoadedRealm(definition, new Map()), dataDir, detect);
    return { users, detect, clock };
  }

  it("refuses the right password while the user is locked, and accepts it afterwards", async () => {
    const { users, clock } = await store();
    for (let i = 0; i < 10; i++) {
      expect(await users.authenticate("alice", `guess-${i}`)).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    const refused = { ok: false, reason: "invalid_credentials" };
    expect(await users.authenticate("alice", "alice")).toEqual(refused);
    expect(await users.authenticate("alice@example.com", "alice")).toEqual(refused);
    expect(await users.authenticate("bob", "bob")).toMatchObject({ ok: true });
    clock.now += 60 * SECOND;
    expect(await users.authenticate("alice", "alice")).toMatchObject({ ok: true });
  });

  it("counts concurrent attempts before the right password can slip through", async () => {
    const { users } = await store();
    const attempts = Array.from({ length: 300 }, (_, i) => `guess-${i}`);
    const outcomes = await Promise.all(
      [...attempts, "alice"].map((password) => users.authenticate("alice", password)),
    );
    expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);
  });

  it("keeps no record of unknown logins or service accounts, and clears it on success", async () => {
    const { users, detect } = await store();
    for (let i = 0; i < 50; i++) await users.authenticate(`nobody-${i}`, "x");
    for (let i = 0; i < 20; i++) await users.authenticate("service-account-feed", "x");
    expect(detect.size).toBe(0);
    await users.authenticate("alice", "wrong");
    expect(detect.size).toBe(1);
    await users.authenticate("alice", "alice");
    expect(detect.size).toBe(0);
  });
});
