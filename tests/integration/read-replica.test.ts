import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { GET as getAccount, PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getSummary } from "@/app/api/customer/summary/route";
import { closeDatabase, getDb } from "@/db/client";
import { withDatabase } from "../support/database-url";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const primaryUrl = process.env.DATABASE_URL;

/**
 * A read replica is another server; here it is a copy of the test database that is then made to
 * differ, so every answer says which of the two it came from.
 */
describe.skipIf(!primaryUrl)("DATABASE_READ_URL", () => {
  const replicaName = `${new URL(primaryUrl ?? "postgres://x/x").pathname.slice(1)}_replica`;
  const admin = postgres(primaryUrl ?? "", { max: 1, onnotice: () => {} });

  afterAll(async () => {
    await closeDatabase();
    delete process.env.DATABASE_READ_URL;
    await admin.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
    await admin.end();
  });

  it("serves the read-only endpoints from the replica, and writes and their answers from the primary", async () => {
    await closeDatabase();
    const source = new URL(primaryUrl as string).pathname.slice(1);
    await admin.unsafe(`CREATE DATABASE "${replicaName}" TEMPLATE "${source}"`);
    const replica = postgres(withDatabase(primaryUrl as string, replicaName), { max: 1 });
    await replica`UPDATE accounts SET nickname = 'Seen on the replica' WHERE id = ${demo.accounts.headquarters}`;
    await replica.end();
    process.env.DATABASE_READ_URL = withDatabase(primaryUrl as string, replicaName);

    const token = await accessToken("bob");
    const list = await callRoute(getAccounts, "/api/accounts", { token });
    expect(list.body.accounts.map((a: any) => a.nickname)).toContain("Seen on the replica");
    const summary = await callRoute(getSummary, "/api/customer/summary", { token });
    expect(summary.status).toBe(200);

    const params = { accountId: demo.accounts.headquarters };
    const renamed = await callRoute(putAccount, "/api/x", {
      token,
      method: "PUT",
      body: { nickname: "Head office" },
      params,
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.nickname).toBe("Head office");
    const detail = await callRoute(getAccount, "/api/x", { token, params });
    expect(detail.body.nickname).toBe("Head office");
    const [primary] = (await getDb().execute(
      sql`SELECT nickname FROM accounts WHERE id = ${demo.accounts.headquarters}::uuid`,
    )) as unknown as { nickname: string }[];
    expect(primary?.nickname).toBe("Head office");
  });
});
