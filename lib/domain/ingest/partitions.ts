import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/**
 * Makes sure `meter_readings` has a monthly partition for every instant in [from, to]. Months
 * that exist cost a catalog lookup each; a missing one is created, ahead of the writes that need
 * it, in the caller's transaction.
 */
export async function ensureReadingPartitions(tx: Executor, from: string, to: string) {
  await tx.execute(
    sql`SELECT ensure_meter_reading_partitions(${from}::timestamptz, ${to}::timestamptz + interval '1 microsecond')`,
  );
}
