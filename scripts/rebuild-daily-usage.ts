import { getDatabase } from "../db/client";
import { rebuildDailyUsage } from "../lib/domain/ingest/daily-usage";

/**
 * npm run usage:rebuild: rebuilds every meter's daily rollups from its raw reads, a meter per
 * transaction. Ingestion keeps them; this is for repairs, and after changing a meter's ESCO
 * (which moves its local days).
 */
async function main() {
  const handle = getDatabase();
  const started = performance.now();
  const rebuilt = await rebuildDailyUsage(handle.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Rebuilt ${rebuilt.days} days of ${rebuilt.meters} meters in ${seconds} s.`);
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
