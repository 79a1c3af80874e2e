import { sql } from "drizzle-orm";
import { getDatabase, closeDatabase, queryRows } from "@/db/client";
import { refreshDailyUsage } from "@/lib/domain/ingest/daily-usage";
process.env.PORTAL_NOW = "2026-11-15T12:00:00Z";
const { db } = getDatabase();
const ids = (await queryRows<{ id: string }>(db, sql`SELECT id FROM meters WHERE meter_number LIKE 'E-Z%' ORDER BY meter_number LIMIT ${Number(process.env.N ?? 1000)}`)).map((r) => r.id);
await db.transaction(async (tx) => {
  await tx.execute(sql`LOAD 'auto_explain'`);
  await tx.execute(sql`SET LOCAL auto_explain.log_min_duration = 0`);
  await tx.execute(sql`SET LOCAL auto_explain.log_analyze = on`);
  await tx.execute(sql`SET LOCAL auto_explain.log_nested_statements = on`);
  await tx.execute(sql`SET LOCAL client_min_messages = log`);
  const t = performance.now();
  await refreshDailyUsage(tx, ids.map((meterId) => ({ meterId, firstDay: process.env.FIRST ?? "2025-05-31", lastDay: process.env.LAST ?? "2025-06-03" })));
  console.log("ms", performance.now() - t);
});
await closeDatabase();
