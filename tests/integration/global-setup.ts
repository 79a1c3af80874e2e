import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/db/client";
import { seed } from "@/db/seed";
import { startIdp } from "@/idp/server";
import { parseClockSetting } from "@/lib/clock";
import { SUITE_NOW } from "../support/clock-days";
import { assertLocalDatabaseUrl, withDatabase } from "../support/database-url";

/**
 * The portal's clock stands at a fixed instant in these tests, and the demo data is loaded up to
 * it, so every figure is repeatable whatever the date on the machine.
 */
const INTEGRATION_NOW = SUITE_NOW;

declare module "vitest" {
  export interface ProvidedContext {
    portalEnv: Record<string, string>;
    databaseTemplate:
      | { kind: "postgres"; adminUrl: string; template: string }
      | { kind: "pglite"; snapshot: string };
  }
}

/**
 * Once per run: a real identity provider on a random port, and one migrated, seeded database
 * that each test file copies (a Postgres template, or a PGlite snapshot).
 */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(path.join(tmpdir(), "portal-it-"));
  const clientSecret = randomBytes(24).toString("base64url");
  const idp = await startIdp({
    port: 0,
    dataDir: path.join(workDir, "idp"),
    portalUrl: "http://localhost:3999",
    clientSecret,
    quiet: true,
  });
  // The seed below encrypts personal data in this process, under the keys the tests use.
  const piiEnv = {
    PII_KEYS: `1:${randomBytes(32).toString("base64")}`,
    PII_INDEX_KEY: randomBytes(32).toString("base64"),
  };
  Object.assign(process.env, piiEnv);
  project.provide("portalEnv", {
    ...piiEnv,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    KEYCLOAK_ISSUER: idp.issuer("ossrep"),
    KEYCLOAK_STAFF_ISSUER: idp.issuer("ossrep-internal"),
    KEYCLOAK_CLIENT_ID: "portal",
    KEYCLOAK_CLIENT_SECRET: clientSecret,
    IDP_URL: idp.url,
    IDP_DATA_DIR: path.join(workDir, "idp"),
    PORTAL_NOW: INTEGRATION_NOW,
  });

  const clock = parseClockSetting(INTEGRATION_NOW);
  const databaseUrl = process.env.DATABASE_URL;
  let dropAll: () => Promise<void> = async () => {};
  if (databaseUrl) {
    assertLocalDatabaseUrl(databaseUrl);
    const prefix = `portal_it_${Date.now().toString(36)}_${process.pid}`;
    const template = `${prefix}_template`;
    const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${template}"`);
    const handle = openDatabase({ databaseUrl: withDatabase(databaseUrl, template), clock });
    await handle.migrate();
    await seed(handle.db, { now: clock });
    await handle.close();
    project.provide("databaseTemplate", { kind: "postgres", adminUrl: databaseUrl, template });
    dropAll = async () => {
      const rows = await admin<{ datname: string }[]>`
        SELECT datname FROM pg_database WHERE datname LIKE ${`${prefix}%`}`;
      for (const { datname } of rows)
        await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    const handle = openDatabase({ pgliteDir: "memory://", clock });
    await handle.migrate();
    await seed(handle.db, { now: clock });
    const snapshot = path.join(workDir, "pglite.tar.gz");
    const dump = await handle.dump?.();
    if (!dump) throw new Error("The embedded database could not be snapshotted");
    await writeFile(snapshot, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    project.provide("databaseTemplate", { kind: "pglite", snapshot });
  }

  return async () => {
    await dropAll();
    await idp.close();
    await rm(workDir, { recursive: true, force: true });
  };
}
