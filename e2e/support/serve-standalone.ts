import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { type Idp, startIdp } from "../../idp/server";
import { prepareData, waitForHealth } from "../../scripts/stack";
import { standaloneDir } from "../../scripts/standalone";
import { assertLocalDatabaseUrl, withDatabase } from "../../tests/support/database-url";

/** The standalone server, copied out of the repository and running from the copy alone. */
export interface StandaloneServer {
  url: string;
  /** The folder the server was copied to and runs from. */
  dir: string;
  /** The permission-model flags the server runs under. */
  permissions: string[];
  /** Everything the server printed. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("No free port");
  return address.port;
}

/**
 * Copies the completed standalone build (npm run build) to a temporary folder outside the
 * repository and starts `node server.js` there, under Node's permission model, reading files
 * from the copy only. It runs against a fresh, migrated and seeded database (Postgres at
 * DATABASE_URL, else PGlite in a folder of its own) and an identity provider of its own, with the
 * portal's clock pinned to `clock`.
 */
export async function serveStandalone(clock: string): Promise<StandaloneServer> {
  const work = realpathSync(mkdtempSync(path.join(tmpdir(), "portal-standalone-")));
  const dir = path.join(work, "app");
  // Symlinks stay as they are (relative, within the folder), as a container image keeps them.
  cpSync(standaloneDir, dir, { recursive: true, verbatimSymlinks: true });

  const port = await freePort();
  const url = `http://localhost:${port}`;
  const clientSecret = randomBytes(16).toString("hex");
  const piiKeys = `1:${randomBytes(32).toString("base64url")}`;
  const piiIndexKey = randomBytes(32).toString("base64url");

  const cleanups: (() => Promise<void>)[] = [
    async () => rmSync(work, { recursive: true, force: true }),
  ];
  let child: ChildProcess | undefined;
  let idp: Idp | undefined;
  let output = "";
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await idp?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    const database: { databaseUrl?: string; pgliteDir?: string } = {};
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      assertLocalDatabaseUrl(adminUrl);
      const name = `portal_standalone_${Date.now().toString(36)}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      cleanups.push(async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      });
      database.databaseUrl = withDatabase(adminUrl, name);
    } else database.pgliteDir = path.join(work, "pglite");

    // Migrating is a step of its own, as in a deployment; the seed writes under the same keys.
    const keys = { PII_KEYS: process.env.PII_KEYS, PII_INDEX_KEY: process.env.PII_INDEX_KEY };
    process.env.PII_KEYS = piiKeys;
    process.env.PII_INDEX_KEY = piiIndexKey;
    try {
      await prepareData({ ...database, clock }, () => {});
    } finally {
      for (const [name, value] of Object.entries(keys)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }

    idp = await startIdp({
      port: 0,
      dataDir: path.join(work, "idp"),
      portalUrl: url,
      clientSecret,
      quiet: true,
    });

    // Only what a deployment would set: nothing of this machine's environment leaks in.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      HOSTNAME: "127.0.0.1",
      PORT: String(port),
      AUTH_URL: url,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      KEYCLOAK_ISSUER: idp.issuer("ossrep"),
      KEYCLOAK_STAFF_ISSUER: idp.issuer("ossrep-internal"),
      KEYCLOAK_CLIENT_ID: "portal",
      KEYCLOAK_CLIENT_SECRET: clientSecret,
      PII_KEYS: piiKeys,
      PII_INDEX_KEY: piiIndexKey,
      PORTAL_NOW: clock,
      LOG_LEVEL: "warn",
      ...(database.databaseUrl
        ? { DATABASE_URL: database.databaseUrl }
        : { PGLITE_DATA_DIR: database.pgliteDir }),
    };
    // Node's permission model: the server may read its own folder and nothing else, and write
    // only the cache Next.js keeps there and the embedded database's folder.
    const writable = [
      path.join(dir, ".next", "cache"),
      ...(database.pgliteDir ? [database.pgliteDir] : []),
    ];
    const permissions = [
      // Named --permission from Node 22.13; Node 20 knows it as --experimental-permission.
      process.allowedNodeEnvironmentFlags.has("--permission")
        ? "--permission"
        : "--experimental-permission",
      `--allow-fs-read=${dir}`,
      ...(database.pgliteDir ? [`--allow-fs-read=${database.pgliteDir}`] : []),
      ...writable.map((w) => `--allow-fs-write=${w}`),
    ];
    child = spawn(process.execPath, [...permissions, "server.js"], {
      cwd: dir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk) => {
        output += chunk;
        process.stderr.write(chunk);
      });
    await waitForHealth(`http://127.0.0.1:${port}`, child, 60_000);
    return { url, dir, permissions, output: () => output, stop };
  } catch (error) {
    await stop();
    throw new Error(`The standalone server did not start: ${error}\n${output}`);
  }
}

/**
 * Run as its own process (`tsx e2e/support/serve-standalone.ts <clock>`), as the browser suite's
 * stack is: prints one line `READY {"url":…,"dir":…}` once the server answers, and stops it and
 * removes the copy and the database on SIGTERM.
 */
async function main() {
  const clock = process.argv[2] ?? process.env.PORTAL_NOW;
  if (!clock) throw new Error("Give the portal's clock: serve-standalone.ts <PORTAL_NOW>");
  const server = await serveStandalone(clock);
  const { url, dir, permissions } = server;
  console.log(`READY ${JSON.stringify({ url, dir, permissions })}`);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

if (import.meta.filename === process.argv[1]) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
