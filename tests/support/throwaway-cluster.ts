import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian and Ubuntu put the server's programs; PG_BIN points elsewhere. */
const binDir = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/**
 * A Postgres server of its own, in a temporary folder on a free port, that a test or benchmark
 * can stop and start again as an outage would: what the shared server cannot be put through.
 */
export interface ThrowawayCluster {
  port: number;
  /** The URL of a database on it (trust authentication, user postgres). */
  url(database?: string): string;
  /** A fast shutdown: sessions are ended, as when a server is stopped for maintenance. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

/** initdb and the server refuse to run as root: as root, they run as the postgres user. */
async function asServerUser(program: string, args: string[]): Promise<void> {
  const bin = path.join(binDir, program);
  if (userInfo().uid === 0) await run("runuser", ["-u", "postgres", "--", bin, ...args]);
  else await run(bin, args);
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  if (!existsSync(path.join(binDir, "pg_ctl"))) {
    throw new Error(`No Postgres server programs in ${binDir}: set PG_BIN.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "portal-pg-"));
  if (userInfo().uid === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  await asServerUser("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
  ].join(" ");
  const pgCtl = (...args: string[]) => asServerUser("pg_ctl", ["-D", dataDir, "-w", ...args]);
  const start = () => pgCtl("-l", path.join(dir, "server.log"), "-o", options, "start");
  const stop = () => pgCtl("-m", "fast", "stop");
  await start();
  let running = true;
  return {
    port,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => {});
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
