import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { GET as getHealth } from "@/app/api/health/route";
import { closeDatabase } from "@/db/client";
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

  it("reports the database as up, with its migrations", async () => {
    const result = await callRoute(getHealth, "/api/health");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: "ok",
      database: { status: "up", migrationsApplied: journal.entries.length },
      // The portal's clock, pinned for the tests.
      time: now().toISOString(),
      clock: "pinned",
    });
    expect(["postgres", "pglite"]).toContain(result.body.database.engine);
  });

  it("answers 503 when the database cannot be reached", async () => {
    await closeDatabase();
    // Port 1 on this machine: nothing listens there, so the connection is refused.
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/unreachable";
    const result = await callRoute(getHealth, "/api/health");
    expect(result.status).toBe(503);
    expect(result.body).toMatchObject({ status: "unavailable", database: { status: "down" } });
  });
});
