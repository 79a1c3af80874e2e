import { createServer, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/pg-error";
import { createPool } from "./pool";

/** A server on a free port that does what `onConnection` says with each connection. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const urlOf = (server: Server) => {
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("not listening");
  return `postgres://postgres@127.0.0.1:${address.port}/portal`;
};

async function settled(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
}

describe("the database pool", () => {
  const open: { end(): Promise<void> }[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((pool) => pool.end()));
    for (const server of servers.splice(0)) server.close();
  });

  it("refuses a statement that waits over a second for a connection, as database_unavailable", async () => {
    // Takes the connection and never answers the start-up: the connection is never made.
    const sockets: Socket[] = [];
    const server = await fakeServer((socket) => sockets.push(socket));
    servers.push(server);
    const pool = createPool(urlOf(server), { max: 1, connection: {} });
    open.push({ end: () => pool.end({ timeout: 0 }) });
    const { error, ms } = await settled(pool.unsafe("SELECT 1") as unknown as Promise<unknown>);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(1_900);
    for (const socket of sockets) socket.destroy();
  });

  it("does not wait forever on a server that closes every connection cleanly while it starts", async () => {
    // A clean close (FIN) during start-up, as a proxy or a server going down may do. The driver
    // as published reconnects at once, forever, and the statement never settles; patched, it
    // backs off and gives up after one connect_timeout. The driver alone, without the pool's
    // own wait deadline, so that it is the driver's behaviour that is measured.
    let connections = 0;
    const server = await fakeServer((socket) => {
      connections++;
      socket.end();
    });
    servers.push(server);
    const sql = postgres(urlOf(server), { max: 1, connect_timeout: 2, onnotice: () => {} });
    open.push({ end: () => sql.end({ timeout: 0 }) });
    const { error, ms } = await settled(sql.unsafe("SELECT 1") as unknown as Promise<unknown>);
    expect((error as { code?: string }).code).toBe("CONNECTION_CLOSED");
    expect(ms).toBeLessThan(3_000);
    expect(connections).toBeLessThan(20);
  });
});
