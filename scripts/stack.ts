import { type ChildProcess, type StdioOptions, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultPgliteDir, openDatabase } from "../db/client";
import { seed } from "../db/seed";
import { demoCustomers, demoLinks } from "../db/seed/demo-data";
import { type RealmDefinition, serviceClientSecret, serviceSecretVariable } from "../idp/realm";
import { type Idp, startIdp } from "../idp/server";
import { CLOCK_VARIABLE, parseClockSetting } from "../lib/clock";
import { backfillSearchIndexes, rotatePiiKeys } from "../lib/domain/pii-rotation";
import { completeStandalone, standaloneDir, standaloneServer } from "./standalone";

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

/** Builds the standalone server (npm run build): `next build`, then scripts/standalone.ts. */
export function buildPortal(): void {
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error("The production build failed");
  completeStandalone();
}

/** Whether a completed standalone server is there to start (its static assets copied in). */
export function hasBuild(): boolean {
  return existsSync(standaloneServer) && existsSync(path.join(standaloneDir, ".next", "static"));
}

/**
 * The standalone server, as deployed, on 127.0.0.1 and `port`. The portal handles SIGTERM and
 * SIGINT itself (lib/http/shutdown.ts): it drains its requests, writes the audit and closes the
 * pool, then exits 0.
 */
export function spawnPortal(
  port: number,
  env: NodeJS.ProcessEnv,
  stdio: StdioOptions = ["ignore", "inherit", "inherit"],
): ChildProcess {
  return spawn(process.execPath, [standaloneServer], {
    cwd: standaloneDir,
    env: { ...env, HOSTNAME: "127.0.0.1", PORT: String(port), NEXT_MANUAL_SIG_HANDLE: "true" },
    stdio,
  });
}

/** Where a portal's data lives and what its clock says. */
export interface PortalData {
  databaseUrl?: string;
  pgliteDir?: string;
  /**
   * Pins the portal's clock (a PORTAL_NOW value); the environment's PORTAL_NOW, or the system
   * time, otherwise. The demo data is loaded up to it.
   */
  clock?: string;
}

export interface StackOptions extends PortalData {
  portalPort: number;
  idpPort: number;
  /** Where the identity provider keeps keys and where secrets are persisted. */
  dataDir: string;
  /**
   * More portals on the same identity provider and secrets, each with a database and a clock of
   * its own: the same signed-in browser can look at the portal on several days side by side.
   */
  alsoAt?: (PortalData & { port: number })[];
  log?: (line: string) => void;
}

export interface Stack {
  portalUrl: string;
  idp: Idp;
  portal: ChildProcess;
  stop(): Promise<void>;
}

export async function waitForHealth(url: string, portal: ChildProcess, timeoutMs = 60_000) {
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

/** Migrates the database and loads the demo data up to the portal's clock. */
export async function prepareData(data: PortalData, log: (line: string) => void): Promise<void> {
  const clock = data.clock ? parseClockSetting(data.clock) : undefined;
  const database = openDatabase({
    databaseUrl: data.databaseUrl,
    pgliteDir: data.pgliteDir,
    clock,
  });
  log(`Preparing the database (${database.kind}${data.clock ? `, as of ${data.clock}` : ""})…`);
  await database.migrate();
  await seed(database.db, { now: clock });
  // A database kept in .data/ from before personal data was encrypted is encrypted now; after
  // that this finds nothing to do. So does one from before the staff-search indexes.
  await rotatePiiKeys(database.db);
  await backfillSearchIndexes(database.db);
  await database.close();
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
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
  // The keys that encrypt personal data: the seed below writes under them, the portal reads.
  process.env.PII_KEYS ??= `1:${persistentSecret(path.join(options.dataDir, "pii-key-1"))}`;
  process.env.PII_INDEX_KEY ??= persistentSecret(path.join(options.dataDir, "pii-index-key"));

  const main = { ...options, clock: options.clock ?? process.env[CLOCK_VARIABLE] };
  const others = options.alsoAt ?? [];
  // Two at a time: a seed keeps one database core busy, and the machine has two.
  const queue = [main, ...others];
  await Promise.all(
    [0, 1].map(async () => {
      for (let data = queue.shift(); data; data = queue.shift()) await prepareData(data, log);
    }),
  );

  const idp = await startIdp({
    port: options.idpPort,
    dataDir: path.join(options.dataDir, "idp"),
    portalUrl,
    clientSecret,
    quiet: true,
  });

  const launch = (port: number, data: PortalData) => {
    const url = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      AUTH_URL: url,
      AUTH_SECRET: authSecret,
      KEYCLOAK_ISSUER: idp.issuer("ossrep"),
      KEYCLOAK_STAFF_ISSUER: idp.issuer("ossrep-internal"),
      KEYCLOAK_CLIENT_ID: "portal",
      KEYCLOAK_CLIENT_SECRET: clientSecret,
      // Nothing sends email here: invitation emails are read at /dev/mailbox instead.
      DEV_MAILBOX: "1",
    };
    if (data.clock) env[CLOCK_VARIABLE] = data.clock;
    else delete env[CLOCK_VARIABLE];
    if (data.databaseUrl) env.DATABASE_URL = data.databaseUrl;
    else {
      delete env.DATABASE_URL;
      // The standalone server runs in its own folder: a relative data folder would be another.
      env.PGLITE_DATA_DIR = path.resolve(data.pgliteDir ?? defaultPgliteDir());
    }
    return spawnPortal(port, env);
  };

  // The main portal comes up last, so that once it answers, every portal does.
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    await idp.close();
  };
  try {
    for (const other of others) {
      const child = launch(other.port, other);
      children.push(child);
      await waitForHealth(`http://127.0.0.1:${other.port}`, child);
    }
    const portal = launch(options.portalPort, main);
    children.push(portal);
    await waitForHealth(`http://127.0.0.1:${options.portalPort}`, portal);
    return { portalUrl, idp, portal, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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

function readRealm(realm: string): RealmDefinition {
  const file = path.join(root, "idp", "realms", `${realm}.json`);
  return JSON.parse(readFileSync(file, "utf8")) as RealmDefinition;
}

/** The demo users of both realms, as the demo banner lists them. */
export function demoLogins(): { realm: string; username: string; password: string; who: string }[] {
  const logins = [];
  for (const realm of ["ossrep", "ossrep-internal"]) {
    // Service accounts cannot sign in; demoServiceClients lists their clients instead.
    const people = readRealm(realm).users.filter((user) => !user.serviceAccountClientId);
    for (const user of people) {
      const who =
        realm === "ossrep"
          ? (demoCustomerOf(user.id) ?? `${user.firstName} ${user.lastName}`)
          : `${user.firstName} ${user.lastName} (${user.realmRoles?.join(", ")})`;
      logins.push({ realm, username: user.username, password: user.username, who });
    }
  }
  return logins;
}

/**
 * The staff realm's service clients (client-credentials grant) with their roles. A secret
 * set through its variable is shown by the variable's name, never printed.
 */
export function demoServiceClients(): { clientId: string; secret: string; roles: string[] }[] {
  const staff = readRealm("ossrep-internal");
  return staff.clients
    .filter((client) => client.serviceAccountsEnabled)
    .map((client) => {
      const variable = serviceSecretVariable(client);
      const account = staff.users.find((user) => user.serviceAccountClientId === client.clientId);
      return {
        clientId: client.clientId,
        secret:
          variable && process.env[variable]
            ? `$${variable}`
            : (serviceClientSecret(client) ?? client.clientId),
        roles: account?.realmRoles ?? [],
      };
    });
}
