import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAccount, PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { GET as getHealth } from "@/app/api/health/route";
import { GET as getRest } from "@/app/api/rest/[table]/route";
import { closeDatabase, getDb, openDatabase } from "@/db/client";
import { seed } from "@/db/seed";
import { parseClockSetting } from "@/lib/clock";
import { isDatabaseUnavailable } from "@/lib/pg-error";
import { startThrowawayCluster, type ThrowawayCluster } from "../support/throwaway-cluster";
import { demo } from "./support/demo";
import { type CallResult, callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

/**
 * The portal against a Postgres server of its own that is stopped and started again, as a
 * restart or failover would: the real driver and pool, the route handlers the server runs.
 */
let cluster: ThrowawayCluster;
const saved = process.env.DATABASE_URL;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  cluster = await startThrowawayCluster();
  const admin = openDatabase({ databaseUrl: cluster.url() });
  await admin.db.execute("CREATE DATABASE portal");
  await admin.close();
  const clock = parseClockSetting(process.env.PORTAL_NOW ?? "");
  const handle = openDatabase({ databaseUrl: cluster.url("portal"), clock });
  await handle.migrate();
  await seed(handle.db, { now: clock });
  await handle.close();
  await closeDatabase();
  process.env.DATABASE_URL = cluster.url("portal");
  tokens.alice = await accessToken("alice");
  tokens.admin = await accessToken("admin", "ossrep-internal");
});

afterAll(async () => {
  await closeDatabase();
  process.env.DATABASE_URL = saved;
  await cluster?.destroy();
});

const requests = {
  health: () => callRoute(getHealth, "/api/health"),
  summary: () => callRoute(getSummary, "/api/customer/summary", { token: tokens.alice }),
  rename: (nickname: string) =>
    callRoute(putAccount, `/api/accounts/${demo.accounts.johnSmith}`, {
      method: "PUT",
      token: tokens.alice,
      params: { accountId: demo.accounts.johnSmith },
      body: { nickname },
    }),
  account: () =>
    callRoute(getAccount, `/api/accounts/${demo.accounts.johnSmith}`, {
      token: tokens.alice,
      params: { accountId: demo.accounts.johnSmith },
    }),
  rest: () =>
    callRoute(getRest, "/api/rest/customers?select=id&limit=1", {
      token: tokens.admin,
      params: { table: "customers" },
    }),
};

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/** More requests at once than the pool has connections, so some wait for one. */
function burst(): Promise<{ result: CallResult<any>; ms: number }[]> {
  return Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      timed(() =>
        i % 4 === 0
          ? requests.rename(`Outage ${i}`)
          : i % 4 === 1
            ? requests.rest()
            : requests.summary(),
      ),
    ),
  );
}

describe("the database stopped and started again", () => {
  it("serves normally before the outage", async () => {
    expect((await requests.summary()).status).toBe(200);
    expect((await requests.health()).status).toBe(200);
  });

  it("answers every request within 2 s while the database is down: 503 with Retry-After", async () => {
    await cluster.stop();
    const health = await timed(requests.health);
    expect(health.result.status).toBe(503);
    expect(health.result.headers.get("retry-after")).toBe("5");
    expect(health.ms).toBeLessThan(2_000);

    for (const { result, ms } of await burst()) {
      expect(ms).toBeLessThan(2_000);
      expect(result.status).toBe(503);
      expect(result.headers.get("retry-after")).toBe("5");
      expect(result.headers.get("content-type")).toMatch(/json/);
      // The admin API answers as PostgREST does; the rest with the portal's problem code.
      expect(result.body.code).toMatch(/^(database_unavailable|PGRST001)$/);
    }
  });

  it("is whole again within 5 s of the database returning, and applies no refused write", async () => {
    await cluster.start();
    const started = performance.now();
    let health = await requests.health();
    while (health.status !== 200 && performance.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      health = await requests.health();
    }
    expect(health.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(5_000);

    // Every connection of the pool works: more requests than connections, none waits long.
    for (let round = 0; round < 3; round++) {
      for (const { result, ms } of await burst()) {
        expect(result.status).toBe(200);
        expect(ms).toBeLessThan(2_000);
      }
    }
    // The renames of the bursts since were applied.
    const account = await requests.account();
    expect(account.body.nickname).toMatch(/^Outage \d+$/);
  });

  it("refuses a write while down and never applies it later", async () => {
    await cluster.stop();
    const refused = await requests.rename("Never applied");
    expect(refused.status).toBe(503);
    await cluster.start();
    let health = await requests.health();
    for (let i = 0; i < 50 && health.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = await requests.health();
    }
    expect(health.status).toBe(200);
    // Longer than any wait the pool allows: a refused statement that was still queued would
    // have run by now.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await requests.account()).body.nickname).not.toBe("Never applied");
  });

  it("fails a transaction the outage interrupts cleanly, and its connection serves again", async () => {
    const interrupted = getDb()
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT 1`);
        await new Promise((r) => setTimeout(r, 1_500));
        await tx.execute(sql`SELECT 2`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    await new Promise((r) => setTimeout(r, 300));
    await cluster.stop();
    expect(isDatabaseUnavailable(await interrupted)).toBe(true);
    await cluster.start();
    const started = performance.now();
    let health = await requests.health();
    while (health.status !== 200 && performance.now() - started < 5_000) {
      await new Promise((r) => setTimeout(r, 100));
      health = await requests.health();
    }
    expect(health.status).toBe(200);
    for (const { result, ms } of await burst()) {
      expect(result.status).toBe(200);
      expect(ms).toBeLessThan(2_000);
    }
  });
});
