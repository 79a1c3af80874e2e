import { sql } from "drizzle-orm";
import { addDays, addMonths, localDateOf } from "@/lib/calendar";
import { now as clockNow } from "@/lib/clock";
import type { Database } from "../client";
import { getDatabase } from "../client";
import { seedBills, seedPayments } from "./billing";
import { demoAccounts, demoEscos, microgridBenchmark } from "./demo-data";
import { seedMonthlyReadings, seedSmartReadings } from "./readings";
import { seedStaticData } from "./static";

export interface SeedOptions {
  /**
   * The instant the demo data runs up to; the portal's clock (lib/clock.ts) by default. In each
   * ESCO, readings stop at the local midnight that starts that day, and bills issued by that day
   * are there: the meter and billing services deliver overnight.
   */
  now?: Date;
}

/** Each demo ESCO's local date at `now`, as SQL rows (esco_code, today). */
function todayByEsco(now: Date) {
  return sql.join(
    demoEscos.map((e) => sql`(${e.code}::text, ${localDateOf(now, e.timezone)}::date)`),
    sql`, `,
  );
}

/**
 * Loads the demo data. Idempotent: every row has a stable key and is inserted only if missing,
 * and readings continue from the last stored read, so running it again changes nothing.
 */
export async function seed(db: Database, options: SeedOptions = {}): Promise<void> {
  const now = options.now ?? clockNow();
  const todayIn = (escoCode: string) => {
    const esco = demoEscos.find((e) => e.code === escoCode);
    if (!esco) throw new Error(`Unknown ESCO ${escoCode}`);
    return { esco, today: localDateOf(now, esco.timezone) };
  };
  const historyFrom = (today: string) => addMonths(today, -13);

  await db.transaction(async (tx) => {
    await seedStaticData(tx, todayIn(microgridBenchmark.esco).today);
  });

  for (const account of demoAccounts) {
    const { esco, today } = todayIn(account.esco);
    for (const premise of account.premises) {
      for (const meter of premise.meters) {
        if (meter.smart) {
          await seedSmartReadings(db, meter, esco, {
            from: historyFrom(today),
            to: today,
            recentGapDay: addDays(today, -10),
          });
        } else {
          await seedMonthlyReadings(db, meter, esco, { from: historyFrom(today), to: today });
        }
      }
    }
  }

  const latest = demoEscos.map((e) => localDateOf(now, e.timezone)).sort();
  await seedBills(db, {
    from: historyFrom(latest[0] ?? localDateOf(now, "UTC")),
    todayByEsco: todayByEsco(now),
  });
  await seedPayments(db, todayByEsco(now));
}

async function main() {
  const handle = getDatabase();
  const now = clockNow();
  const started = Date.now();
  await seed(handle.db, { now });
  console.log(
    `Demo data loaded up to ${now.toISOString()} (${handle.kind}, ${Date.now() - started} ms).`,
  );
  await handle.close();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
