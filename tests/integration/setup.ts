import { AsyncLocalStorage } from "node:async_hooks";
import postgres from "postgres";
import { afterAll, afterEach, inject } from "vitest";
import { closeDatabase } from "@/db/client";
import { flushAccessAudit } from "@/lib/domain/access-audit";
import { withDatabase } from "../support/database-url";

// Next.js's server puts AsyncLocalStorage on the global object before its modules load; its
// request scope (headers(), cookies()) needs it, as tests of server actions do.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

// Each test file gets its own copy of the seeded database, so files can run in parallel and
// writes in one never show up in another.
Object.assign(process.env, inject("portalEnv"));
const template = inject("databaseTemplate");

// Reads queued for the access audit are written before the next test and before the database
// closes, so no test sees another's records arrive.
afterEach(() => flushAccessAudit());

if (template.kind === "postgres") {
  const name = `${template.template.replace(/_template$/, "")}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(template.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template.template}"`);
  process.env.DATABASE_URL = withDatabase(template.adminUrl, name);
  afterAll(async () => {
    await flushAccessAudit();
    await closeDatabase();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.PGLITE_DATA_DIR = "memory://";
  process.env.PGLITE_SNAPSHOT = template.snapshot;
  afterAll(async () => {
    await flushAccessAudit();
    await closeDatabase();
  });
}
