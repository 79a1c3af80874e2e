import { rmSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { buildPortal, hasBuild, type PortalData, startStack } from "../../scripts/stack";
import { assertLocalDatabaseUrl, withDatabase } from "../../tests/support/database-url";
import { datedPortals, E2E_NOW, IDP_PORT, PORTAL_PORT } from "./stack-layout";

const E2E_PREFIX = "portal_e2e_";

/**
 * The stack the browser tests run against: the identity provider and the production build on
 * ports of their own, with the main portal's clock pinned to E2E_NOW and one more portal for each
 * awkward day, each on a fresh database seeded up to its clock.
 */
async function main() {
  const dataDir = path.resolve(".data", "e2e");
  const clocks = [E2E_NOW, ...datedPortals.map((d) => d.at)];
  let data: PortalData[];
  let dropDatabases = async () => {};

  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    assertLocalDatabaseUrl(adminUrl);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    const stale = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${E2E_PREFIX}%`}`;
    for (const { datname } of stale)
      await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    const stamp = Date.now().toString(36);
    const names = clocks.map((_, i) => `${E2E_PREFIX}${stamp}_${i}`);
    for (const name of names) await admin.unsafe(`CREATE DATABASE "${name}"`);
    data = clocks.map((clock, i) => ({
      clock,
      databaseUrl: withDatabase(adminUrl, names[i] as string),
    }));
    dropDatabases = async () => {
      for (const name of names)
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  } else {
    data = clocks.map((clock, i) => {
      const pgliteDir = path.join(dataDir, `pglite-${i}`);
      rmSync(pgliteDir, { recursive: true, force: true });
      return { clock, pgliteDir };
    });
  }

  if (!hasBuild()) buildPortal();
  const [mainData, ...others] = data as [PortalData, ...PortalData[]];
  const stack = await startStack({
    portalPort: PORTAL_PORT,
    idpPort: IDP_PORT,
    dataDir,
    ...mainData,
    alsoAt: others.map((d, i) => ({ ...d, port: datedPortals[i]?.port as number })),
    log: (line) => console.log(line),
  });
  console.log(`End-to-end stack ready at ${stack.portalUrl}`);

  const shutdown = async () => {
    await stack.stop();
    await dropDatabases();
    process.exit(0);
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
