import { getDatabase } from "../db/client";
import { backfillSearchIndexes, rotatePiiKeys } from "../lib/domain/pii-rotation";
import { currentKeyVersion } from "../lib/pii";

/**
 * npm run pii:rotate: re-encrypts personal data under the newest key of PII_KEYS, in batches of
 * PII_ROTATE_BATCH rows (500), each in its own transaction. Add the new key to PII_KEYS first
 * (every instance of the portal must have it), run this, then remove the old key. Safe to run
 * again: values already under the newest key are left alone. It also computes the staff-search
 * blind indexes of rows stored before those indexes existed.
 */
async function main() {
  const handle = getDatabase();
  const version = currentKeyVersion();
  const batchSize = Number(process.env.PII_ROTATE_BATCH ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error("PII_ROTATE_BATCH must be a positive whole number");
  }
  const started = performance.now();
  const counts = await rotatePiiKeys(handle.db, { batchSize });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  for (const [column, count] of Object.entries(counts)) {
    console.log(`${column.padEnd(32)} ${String(count).padStart(8)} re-encrypted`);
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`${total} values now under key version ${version}, in ${seconds} s.`);
  const indexed = await backfillSearchIndexes(handle.db, { batchSize });
  for (const [column, count] of Object.entries(indexed)) {
    console.log(`${column.padEnd(32)} ${String(count).padStart(8)} indexed`);
  }
  await handle.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
