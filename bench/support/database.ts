import postgres from "postgres";
import { generatePiiKey } from "@/lib/pii";
import { assertLocalDatabaseUrl, withDatabase } from "@/tests/support/database-url";

// The server every benchmark makes its databases on, read before any of them points
// DATABASE_URL at its own database.
const serverUrl = process.env.DATABASE_URL;

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, unless KEEP=1 asks to keep it for a look afterwards. */
  drop(): Promise<void>;
}

/** A new, empty database on the local server in DATABASE_URL, for one benchmark run. */
export async function throwawayDatabase(prefix: string): Promise<ThrowawayDatabase> {
  if (!serverUrl) throw new Error("Set DATABASE_URL to a local Postgres server.");
  assertLocalDatabaseUrl(serverUrl);
  const name = `${prefix}_${Date.now().toString(36)}`;
  // Its personal data is encrypted under keys of this run only.
  process.env.PII_KEYS ??= `1:${generatePiiKey()}`;
  process.env.PII_INDEX_KEY ??= generatePiiKey();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      if (process.env.KEEP === "1") console.log(`Kept database ${name}`);
      else await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
