import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "../db/client";
import { seed } from "../db/seed";
import { demoCustomers, demoLinks } from "../db/seed/demo-data";
import { type Idp, startIdp } from "../idp/server";
import { CLOCK_VARIABLE, parseClockSetting } from "../lib/clock";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** A random secret kept in a git-ignored file, so restarts keep sessions valid. */
export function persistentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

// The portal runs on machines with no way out; Next.js must not try to report telemetry.
process.env.NEXT_TELEMETRY_DISABLED = "1";

export function buildPortal(): void {
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("The production build failed");
}

export function hasBuild(): boolean {
  return existsSync(path.join(root, ".next", "BUILD_ID"));
}

export interface StackOptions {
  portalPort: number;
  idpPort: number;
  /** Where the identity provider keeps keys and where secrets are persisted. */
  dataDir: string;
  databaseUrl?: string;
  pgliteDir?: string;
  /**
   * Pins the portal's clock for this stack (a PORTAL_NOW value); the environment's PORTAL_NOW,
   * or the system time, otherwise. The demo data is loaded up to it.
   */
  clock?: string;
  log?: (line: string) => void;
}

export interface Stack {
  portalUrl: string;
  idp: Idp;
  portal: ChildProcess;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, portal: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (portal.exitCode !== null) throw new Error(`The portal exited with code ${portal.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The portal did not become healthy at ${url} within ${timeoutMs} ms`);
}

/**
 * Migrates and seeds the database, then runs the identity provider and the production portal
 * against it: the whole product on one machine.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  // Browsers reach the portal as localhost (Next.js names every loopback address that way, so
  // the public origin must match it); the server itself listens on 127.0.0.1 only.
  const portalUrl = `http://localhost:${options.portalPort}`;
  const authSecret =
    process.env.AUTH_SECRET ?? persistentSecret(path.join(options.dataDir, "auth-secret"));
  const clientSecret =
    process.env.KEYCLOAK_CLIENT_SECRET ??
    persistentSecret(path.join(options.dataDir, "client-secret"));

  const database = openDatabase({ databaseUrl: options.databaseUrl, pgliteDir: options.pgliteDir });
  log(`Preparing the database (${database.kind})…`);
  await database.migrate();
  const clock = options.clock ?? process.env[CLOCK_VARIABLE];
  await seed(database.db, { now: clock ? parseClockSetting(clock) : undefined });
  await database.close();

  const idp = await startIdp({
    port: options.idpPort,
    dataDir: path.join(options.dataDir, "idp"),
    portalUrl,
    clientSecret,
    quiet: true,
  });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(options.portalPort),
    AUTH_URL: portalUrl,
    AUTH_SECRET: authSecret,
    KEYCLOAK_ISSUER: idp.issuer("ossrep"),
    KEYCLOAK_STAFF_ISSUER: idp.issuer("ossrep-internal"),
    KEYCLOAK_CLIENT_ID: "portal",
    KEYCLOAK_CLIENT_SECRET: clientSecret,
    // Nothing sends email here: invitation emails are read at /dev/mailbox instead.
    DEV_MAILBOX: "1",
  };
  if (clock) env[CLOCK_VARIABLE] = clock;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else {
    delete env.DATABASE_URL;
    if (options.pgliteDir) env.PGLITE_DATA_DIR = options.pgliteDir;
  }

  const portal = spawn(
    process.execPath,
    [nextBin, "start", "--hostname", "127.0.0.1", "--port", String(options.portalPort)],
    { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] },
  );
  const stop = async () => {
    if (portal.exitCode === null) {
      portal.kill("SIGTERM");
      await new Promise((r) => portal.once("exit", r));
    }
    await idp.close();
  };
  try {
    await waitForHealth(`http://127.0.0.1:${options.portalPort}`, portal);
  } catch (error) {
    await stop();
    throw error;
  }
  return { portalUrl, idp, portal, stop };
}

/** Who a customer login is in the demo data: the customer's name and roles on accounts. */
function demoCustomerOf(subject: string): string | null {
  const customer = demoCustomers.find((c) => c.authSubject === subject);
  if (!customer) return null;
  const name = customer.businessName ?? `${customer.firstName} ${customer.lastName}`;
  const roles = [
    ...new Set(demoLinks.filter((l) => l.customer === customer.key).map((l) => l.role)),
  ];
  return `${name} (${customer.type}; ${roles.join(", ")})`;
}

/** The demo users of both realms, as the demo banner lists them. */
export function demoLogins(): { realm: string; username: string; password: string; who: string }[] {
  const logins = [];
  for (const realm of ["ossrep", "ossrep-internal"]) {
    const file = path.join(root, "idp", "realms", `${realm}.json`);
    const data = JSON.parse(readFileSync(file, "utf8")) as {
      users: {
        id: string;
        username: string;
        firstName: string;
        lastName: string;
        realmRoles?: string[];
      }[];
    };
    for (const user of data.users) {
      const who =
        realm === "ossrep"
          ? (demoCustomerOf(user.id) ?? `${user.firstName} ${user.lastName}`)
          : `${user.firstName} ${user.lastName} (${user.realmRoles?.join(", ")})`;
      logins.push({ realm, username: user.username, password: user.username, who });
    }
  }
  return logins;
}
