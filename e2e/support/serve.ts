import { rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { buildPortal, hasBuild, startStack } from "../../scripts/stack";
import { assertLocalDatabaseUrl, withDatabase } from "../../tests/support/database-url";

const E2E_PREFIX = "portal_e2e_";

/**
 * The stack the browser tests run against: a fresh database seeded up to today, the identity
 * provider and the production build, on ports of their own.
 */
async function main() {
  const portalPort = Number(process.env.E2E_PORTAL_PORT ?? 13000);
  const idpPort = Number(process.env.E2E_IDP_PORT ?? 18080);
  const dataDir = path.resolve(".data", "e2e");
  let databaseUrl: string | undefined;
  let pgliteDir: string | undefined;
  let dropDatabase = async () => {};

  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    assertLocalDatabaseUrl(adminUrl);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const stale = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${E2E_PREFIX}%`}`;
    for (const { datname } of stale)
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const name = `${E2E_PREFIX}${Date.now().toString(36)}`;
    await admin.unsafe(`CREATE DATABASE "${name}"`);
    databaseUrl = withDatabase(adminUrl, name);
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    pgliteDir = path.join(dataDir, "pglite");
    rmSync(pgliteDir, { recursive: true, force: true });
  }

  if (!hasBuild()) buildPortal();
  const stack = await startStack({
    portalPort,
    idpPort,
    dataDir,
    databaseUrl,
    pgliteDir,
    log: (line) => console.log(line),
  });
  console.log(`End-to-end stack ready at ${stack.portalUrl}`);

  const shutdown = async () => {
    await stack.stop();
    await dropDatabase();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
