import type { Database } from "../client";
import { getDatabase } from "../client";
import { seedBills, seedPayments } from "./billing";
import { demoAccounts, demoEscos } from "./demo-data";
import { seedMonthlyReadings, seedSmartReadings } from "./readings";
import { seedStaticData } from "./static";

export interface SeedOptions {
  /** The day the demo data runs up to (YYYY-MM-DD); readings stop at its local midnight. */
  asOf?: string;
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function defaultAsOf(): string {
  return process.env.SEED_AS_OF ?? new Date().toISOString().slice(0, 10);
}

/**
 * Loads the demo data. Idempotent: every row has a stable key and is inserted only if missing,
 * and readings continue from the last stored read, so running it again changes nothing.
 */
export async function seed(db: Database, options: SeedOptions = {}): Promise<void> {
  const asOf = options.asOf ?? defaultAsOf();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const from = addMonths(asOf, -13);

  await db.transaction(async (tx) => {
    await seedStaticData(tx, asOf);
  });

  for (const account of demoAccounts) {
    const esco = demoEscos.find((e) => e.code === account.esco);
    if (!esco) throw new Error(`Unknown ESCO ${account.esco}`);
    for (const premise of account.premises) {
      for (const meter of premise.meters) {
        await db.transaction(async (tx) => {
          if (meter.smart) {
            await seedSmartReadings(tx, meter, esco, {
              from,
              to: asOf,
              recentGapDay: addDays(asOf, -10),
            });
          } else {
            await seedMonthlyReadings(tx, meter, esco, { from, to: asOf });
          }
        });
      }
    }
  }

  await db.transaction(async (tx) => {
    await seedBills(tx, { from, asOf });
    await seedPayments(tx, asOf);
  });
}

async function main() {
  const handle = getDatabase();
  const asOf = defaultAsOf();
  const started = Date.now();
  await seed(handle.db, { asOf });
  console.log(`Demo data loaded up to ${asOf} (${handle.kind}, ${Date.now() - started} ms).`);
  await handle.close();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/"))) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
