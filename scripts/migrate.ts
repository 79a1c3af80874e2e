import { sql } from "drizzle-orm";
import { getDatabase, queryRows } from "../db/client";
import { rebuildDailyUsage } from "../lib/domain/ingest/daily-usage";

/**
 * npm run db:migrate: applies the generated migrations to Postgres at DATABASE_URL, or to the
 * embedded PGlite. A database that holds reads but no daily rollups yet (one migrated from
 * before the rollups existed) has them built from its reads.
 */
async function main() {
  const handle = getDatabase();
  await handle.migrate();
  console.log(`Migrations applied (${handle.kind}).`);
  const [state] = await queryRows<{ reads: boolean; rollups: boolean }>(
    handle.db,
    sql`SELECT EXISTS (SELECT 1 FROM meter_readings) AS reads,
               EXISTS (SELECT 1 FROM meter_daily_usage) AS rollups`,
  );
  if (state?.reads && !state.rollups) {
    const built = await rebuildDailyUsage(handle.db);
    console.log(`Daily rollups built for ${built.meters} meters (${built.days} days).`);
  }
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
