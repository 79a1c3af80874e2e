import { getDatabase } from "./client";

/** Applies the generated migrations to Postgres at DATABASE_URL, or to the embedded PGlite. */
async function main() {
  const handle = getDatabase();
  await handle.migrate();
  console.log(`Migrations applied (${handle.kind}).`);
  await handle.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
