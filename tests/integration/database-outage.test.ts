import { chromium } from "@playwright/test";
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
import { buildPortal, hasBuild, spawnPortal } from "@/scripts/stack";
import { chromiumLaunchOptions } from "../../e2e/support/chromium";
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

/** More requests at once than the pool has connections, so some wait for one. */
function burst(): Promise<CallResult<any>[]> {
  return Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      i % 4 === 0
        ? requests.rename(`Outage ${i}`)
        : i % 4 === 1
          ? requests.rest()
          : requests.summary(),
    ),
  );
}

/**
 * Polls readiness until it answers 200. How soon that happens is measured by
 * bench/db-outage.ts; here a pool that never recovers fails the test.
 */
async function untilHealthy(): Promise<CallResult<any>> {
  const started = performance.now();
  let health = await requests.health();
  while (health.status !== 200 && performance.now() - started < 30_000) {
    await new Promise((r) => setTimeout(r, 100));
    health = await requests.health();
  }
  return health;
}

describe("the database stopped and started again", () => {
  it("serves normally before the outage", async () => {
    expect((await requests.summary()).status).toBe(200);
    expect((await requests.health()).status).toBe(200);
  });

  it("answers every request while the database is down with 503 and Retry-After, none hangs", async () => {
    await cluster.stop();
    const health = await requests.health();
    expect(health.status).toBe(503);
    expect(health.headers.get("retry-after")).toBe("5");

    for (const result of await burst()) {
      expect(result.status).toBe(503);
      expect(result.headers.get("retry-after")).toBe("5");
      expect(result.headers.get("content-type")).toMatch(/json/);
      // The admin API answers as PostgREST does; the rest with the portal's problem code.
      expect(result.body.code).toMatch(/^(database_unavailable|PGRST001)$/);
    }
  });

  it("is whole again once the database returns, and applies no refused write", async () => {
    await cluster.start();
    expect((await untilHealthy()).status).toBe(200);

    // Every connection of the pool works: more requests than connections, all answered.
    for (let round = 0; round < 3; round++) {
      for (const result of await burst()) {
        expect(result.status).toBe(200);
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
    expect((await untilHealthy()).status).toBe(200);
    for (const result of await burst()) {
      expect(result.status).toBe(200);
    }
  });
});

describe("a page while the database is down", () => {
  // The production server, as its own process, on the same throwaway cluster.
  const port = 14000 + Math.floor(Math.random() * 1000);
  let portal: ReturnType<typeof spawnPortal> | undefined;
  let output = "";
  const page = () =>
    fetch(`http://127.0.0.1:${port}/invite/${"z".repeat(43)}/accept`, { redirect: "manual" });

  beforeAll(async () => {
    if (!hasBuild()) buildPortal();
    portal = spawnPortal(
      port,
      { ...process.env, NODE_ENV: "production", AUTH_URL: `http://127.0.0.1:${port}` },
      ["ignore", "pipe", "pipe"],
    );
    portal.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    portal.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    for (let i = 0; i < 600; i++) {
      const up = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      if (portal.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`The portal did not start:\n${output}`);
  }, 180_000);

  afterAll(async () => {
    if (portal && portal.exitCode === null) {
      portal.kill("SIGTERM");
      await new Promise((r) => portal?.once("exit", r));
    }
  });

  it("says we'll be right back in the browser, with no detail of the fault, and serves again once it returns", async () => {
    // Up: an unknown invitation's page sends the visitor to the link, which explains.
    expect((await page()).status).toBe(307);

    await cluster.stop();
    // The server sends only the error's digest; the page's error boundary shows the message.
    const down = await page();
    expect(down.status).toBe(500);
    const html = await down.text();
    expect(html).not.toMatch(/ECONNREFUSED|CONNECT_TIMEOUT|rate_limits|at \S+ \(/i);
    const browser = await chromium.launch(chromiumLaunchOptions);
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${port}/invite/${"z".repeat(43)}/accept`);
      await tab.getByRole("heading", { name: "We'll be right back" }).waitFor();
      const text = await tab.locator("body").innerText();
      expect(text).toContain("This page cannot be loaded just now.");
      expect(text).not.toMatch(/ECONNREFUSED|CONNECT_TIMEOUT|postgres/i);
    } finally {
      await browser.close();
    }

    await cluster.start();
    expect((await untilHealthy()).status).toBe(200);
    let again = await page();
    for (let i = 0; i < 50 && again.status !== 307; i++) {
      await new Promise((r) => setTimeout(r, 100));
      again = await page();
    }
    expect(again.status).toBe(307);
  });
});
