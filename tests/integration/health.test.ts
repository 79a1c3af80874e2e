import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { GET as getLive } from "@/app/api/health/live/route";
import { GET as getHealth } from "@/app/api/health/route";
import { closeDatabase, getDb, queryRows } from "@/db/client";
import { now } from "@/lib/clock";
import { callRoute } from "./support/routes";

const journal = JSON.parse(readFileSync("db/migrations/meta/_journal.json", "utf8")) as {
  entries: unknown[];
};

describe("GET /api/health", () => {
  const saved = { url: process.env.DATABASE_URL };

  afterEach(async () => {
    await closeDatabase();
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.url;
  });

  it("reports the database as up, with its migrations and the outbox caught up", async () => {
    const result = await callRoute(getHealth, "/api/health");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: "ok",
      database: {
        status: "up",
        migrationsExpected: journal.entries.length,
        migrationsApplied: journal.entries.length,
        migrationsBehind: 0,
      },
      // The portal's clock, pinned for the tests.
      time: now().toISOString(),
      clock: "pinned",
    });
    expect(["postgres", "pglite"]).toContain(result.body.database.engine);
    // The relay does not run here: events the setup wrote wait, but only for seconds.
    expect(result.body.database.outboxLagSeconds).toBeLessThan(300);
  });

  it("answers 503 when the database cannot be reached", async () => {
    await closeDatabase();
    // Port 1 on this machine: nothing listens there, so the connection is refused.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";
    const result = await callRoute(getHealth, "/api/health");
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ status: "unavailable", database: { status: "down" } });
  });

  it("answers 503 while the database is behind the build's migrations", async () => {
    const [latest] = await queryRows<{ id: number; hash: string; created_at: string }>(
      getDb(),
      sql`DELETE FROM drizzle.__drizzle_migrations
          WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations) RETURNING *`,
    );
    try {
      const result = await callRoute(getHealth, "/api/health");
      expect(result.status).toBe(503);
      expect(result.body).toMatchObject({
        status: "unavailable",
        database: {
          status: "up",
          migrationsExpected: journal.entries.length,
          migrationsApplied: journal.entries.length - 1,
          migrationsBehind: 1,
        },
      });
    } finally {
      await getDb().execute(
        sql`INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at)
            VALUES (${latest?.id}, ${latest?.hash}, ${latest?.created_at})`,
      );
    }
  });

  it("is degraded, still 200, while an event waits longer than the outbox lag threshold", async () => {
    // As if the relay had stopped ten minutes ago: every waiting event is that much older.
    const waiting = sql`published_at IS NULL`;
    await getDb().execute(
      sql`INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload)
          VALUES ('customer', gen_random_uuid(), 'CustomerUpdated', '{}')`,
    );
    await getDb().execute(
      sql`UPDATE outbox SET created_at = created_at - interval '10 minutes' WHERE ${waiting}`,
    );
    try {
      const result = await callRoute(getHealth, "/api/health");
      expect(result.status).toBe(200);
      expect(result.body.status).toBe("degraded");
      expect(result.body.database.outboxLagSeconds).toBeGreaterThanOrEqual(600);
      // Small and free of secrets: the database's URL is not in it.
      expect(result.text).not.toContain("postgres://");
    } finally {
      await getDb().execute(
        sql`UPDATE outbox SET created_at = created_at + interval '10 minutes' WHERE ${waiting}`,
      );
    }
  });
});

describe("GET /api/health/live", () => {
  it("answers while the database cannot be reached: it does not look", async () => {
    const saved = process.env.DATABASE_URL;
    await closeDatabase();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";
    try {
      const result = await callRoute(getLive, "/api/health/live");
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ status: "ok" });
      expect(result.statements).toEqual([]);
    } finally {
      await closeDatabase();
      process.env.DATABASE_URL = saved;
    }
  });
});
