import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { POST as setPrimary } from "@/app/api/premises/[premiseId]/set-primary/route";
import { getDb, queryRows } from "@/db/client";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

async function primaries(accountId: string) {
  return queryRows<{ id: string }>(
    getDb(),
    sql`SELECT id FROM premises WHERE account_id = ${accountId}::uuid AND is_primary`,
  );
}

describe("POST /api/premises/{premiseId}/set-primary", () => {
  it("moves the primary flag and records the change", async () => {
    const token = await accessToken("bob");
    const result = await callRoute(setPrimary, "/x", {
      token,
      method: "POST",
      params: { premiseId: demo.premises.warehouseB },
    });
    expect(result.status).toBe(200);
    expect(result.body.isPrimary).toBe(true);
    expect(await primaries(demo.accounts.warehouse)).toEqual([{ id: demo.premises.warehouseB }]);
    const [event] = await queryRows<{ type: string }>(
      getDb(),
      sql`SELECT type FROM customer_events ORDER BY id DESC LIMIT 1`,
    );
    expect(event?.type).toBe("PrimaryPremiseChanged");
  });

  it("leaves exactly one primary premise when many calls race for the same account", async () => {
    const token = await accessToken("bob");
    const contenders = [demo.premises.hqTower, demo.premises.hqAnnex];
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        callRoute(setPrimary, "/x", {
          token,
          method: "POST",
          params: { premiseId: contenders[i % 2] as string },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(200));
    const after = await primaries(demo.accounts.headquarters);
    expect(after).toHaveLength(1);
    expect(contenders).toContain(after[0]?.id);
  });

  it("is refused by the database itself if anything tries to leave an account without a primary", async () => {
    await expect(
      getDb().transaction(async (tx) => {
        await tx.execute(
          sql`UPDATE premises SET is_primary = false WHERE account_id = ${demo.accounts.johnSmith}::uuid`,
        );
      }),
    ).rejects.toThrow();
    expect(await primaries(demo.accounts.johnSmith)).toHaveLength(1);
  });
});
