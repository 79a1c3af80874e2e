import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPortal, hasBuild, spawnPortal } from "@/scripts/stack";
import { passwordGrant } from "./support/tokens";

/** A port nothing listens on yet. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

/** Whether a new TCP connection to the port is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

// The portal runs as its own process on this file's database: only a Postgres server can be
// shared that way, not the embedded database.
const onPostgres = process.env.DATABASE_URL?.startsWith("postgres") ?? false;

interface Portal {
  port: number;
  process: ChildProcess;
  output: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

async function startPortal(drainMs: number): Promise<Portal> {
  const port = await freePort();
  const child = spawnPortal(
    port,
    {
      ...process.env,
      NODE_ENV: "production",
      AUTH_URL: `http://localhost:${port}`,
      SHUTDOWN_DRAIN_MS: String(drainMs),
    },
    ["ignore", "pipe", "pipe"],
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  await until("the portal to answer", async () => {
    if (child.exitCode !== null) throw new Error(`The portal exited:\n${output}`);
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    return response.ok ? true : undefined;
  });
  return { port, process: child, output: () => output, exited };
}

describe.skipIf(!onPostgres)("the production server on SIGTERM", () => {
  const portals: Portal[] = [];
  const db = onPostgres ? postgres(process.env.DATABASE_URL as string, { max: 2 }) : undefined;
  const sql = db as postgres.Sql;

  beforeAll(() => {
    // CI runs these before its build stage; the build it makes here is the one it tests later.
    if (!hasBuild()) buildPortal();
  }, 900_000);

  afterAll(async () => {
    for (const portal of portals)
      if (portal.process.exitCode === null) portal.process.kill("SIGKILL");
    await db?.end();
  });

  /**
   * Starts a save of alice's notification settings that waits, in the database, on a lock the
   * test holds: a request in flight for as long as the test likes, with no delay written into
   * the product for it. `release` lets the save go on.
   */
  async function saveHeldInFlight(port: number) {
    const { access_token } = await passwordGrant("alice");
    const subject = JSON.parse(
      Buffer.from(access_token.split(".")[1] ?? "", "base64url").toString(),
    ).sub as string;
    await sql`UPDATE preferences SET notify_outage_alerts = true
             WHERE customer_id = (SELECT id FROM customers WHERE auth_subject = ${subject})`;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const lock = sql.begin(async (tx) => {
      await tx`LOCK TABLE preferences IN SHARE MODE`;
      await held;
    });
    await until("the lock", async () => {
      const [row] = await sql`SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'preferences' AND l.mode = 'ShareLock' AND l.granted`;
      return row ? true : undefined;
    });
    const response = fetch(`http://127.0.0.1:${port}/api/preferences/notifications`, {
      method: "PUT",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ outageAlerts: false }),
    });
    // Handled, so that a dropped connection is the test's to see, not an unhandled rejection.
    response.catch(() => {});
    await until("the write to wait on the lock", async () => {
      const [row] = await sql`SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query ILIKE '%INSERT INTO preferences%'`;
      return row ? true : undefined;
    });
    const saved = async () => {
      const [row] = await sql`SELECT notify_outage_alerts FROM preferences
        WHERE customer_id = (SELECT id FROM customers WHERE auth_subject = ${subject})`;
      return row?.notify_outage_alerts as boolean | undefined;
    };
    return {
      response,
      saved,
      release: async () => {
        release();
        await lock;
      },
    };
  }

  it("refuses new connections, finishes the request in flight, and exits 0", async () => {
    const portal = await startPortal(20_000);
    portals.push(portal);
    const save = await saveHeldInFlight(portal.port);

    portal.process.kill("SIGTERM");
    await until("the listener to close", async () =>
      (await connects(portal.port)) ? undefined : true,
    );
    // Still running: the request in flight holds it.
    expect(portal.process.exitCode).toBeNull();

    await save.release();
    const response = await save.response;
    expect(response.status).toBe(200);
    expect(response.headers.get("connection")).toBe("close");
    expect(await response.json()).toMatchObject({ outageAlerts: false });

    const [code, signal] = await portal.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(portal.output()).toMatch(/"msg":"shut down"/);
    expect(await save.saved()).toBe(false);
  });

  it("drops what is still in flight after SHUTDOWN_DRAIN_MS, and still closes cleanly", async () => {
    const portal = await startPortal(1_000);
    portals.push(portal);
    const save = await saveHeldInFlight(portal.port);
    const started = Date.now();
    portal.process.kill("SIGTERM");

    await expect(save.response).rejects.toThrow();
    const [code, signal] = await portal.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(portal.output()).toMatch(/requests still in flight after the drain/);
    await save.release();
    // The pool closed under the waiting statement: it never committed.
    expect(await save.saved()).toBe(true);
  });
});
