import { readdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getCustomer } from "@/app/api/customer/route";
import { POST as startSession, DELETE as stopSession } from "@/app/api/staff/impersonation/route";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

const johnSmith = customerId("john-smith");
const REASON = "Customer called about a high bill";

async function auditActions(customer: string) {
  const rows = await queryRows<{ action: string; actor_username: string }>(
    getDb(),
    sql`SELECT action, actor_username FROM access_audit WHERE customer_id = ${customer}::uuid ORDER BY id`,
  );
  return rows;
}

describe("viewing the portal as a customer", () => {
  let staff: string;
  let viewing: string;

  beforeAll(async () => {
    staff = await signInWithSession("jsmith", { provider: "keycloak-staff" });
    const started = await callRoute(startSession, "/api/staff/impersonation", {
      method: "POST",
      headers: { cookie: staff },
      body: { customerId: johnSmith, reason: REASON },
    });
    expect(started.status, started.text).toBe(201);
    const setCookie = started.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(
      /portal-impersonation=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=1800/,
    );
    viewing = `${staff}; ${setCookie.split(";")[0]}`;
  });

  it("needs a reason and a customer that exists", async () => {
    const other = await signInWithSession("mjones", { provider: "keycloak-staff" });
    const short = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: other },
      body: { customerId: johnSmith, reason: "bill" },
    });
    expect(short.status).toBe(422);
    expect(short.body.errors[0].field).toBe("reason");
    const unknown = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: other },
      body: { customerId: "00000000-0000-4000-8000-000000000000", reason: REASON },
    });
    expect(unknown.status).toBe(404);
  });

  it("shows the customer's own data, and audits every read with the staff member's identity", async () => {
    const result = await callRoute(getCustomer, "/api/customer", { headers: { cookie: viewing } });
    expect(result.status).toBe(200);
    expect(result.body.firstName).toBe("John");
    const account = await callRoute(getAccount, "/x", {
      headers: { cookie: viewing },
      params: { accountId: demo.accounts.johnSmith },
    });
    expect(account.status).toBe(200);
    const audit = await auditActions(johnSmith);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["impersonation_start", "impersonation_read"]),
    );
    expect(
      audit
        .filter((a) => a.action === "impersonation_read")
        .every((a) => a.actor_username === "jsmith"),
    ).toBe(true);
    expect(audit.filter((a) => a.action === "impersonation_read").length).toBeGreaterThanOrEqual(2);
  });

  it("cannot be chained into a second session", async () => {
    const again = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: staff },
      body: { customerId: customerId("acme"), reason: REASON },
    });
    expect(again.status).toBe(409);
    const fromInside = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: viewing },
      body: { customerId: customerId("acme"), reason: REASON },
    });
    expect(fromInside.status).toBe(403);
    expect(fromInside.body.code).toBe("impersonation_read_only");
  });

  it("stops, after which the cookie no longer opens the customer's data", async () => {
    const other = await signInWithSession("rgreen", { provider: "keycloak-staff" });
    const started = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: other },
      body: { customerId: johnSmith, reason: REASON },
    });
    const cookie = `${other}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
    expect((await callRoute(getCustomer, "/api/customer", { headers: { cookie } })).status).toBe(
      200,
    );
    const stopped = await callRoute(stopSession, "/x", { method: "DELETE", headers: { cookie } });
    expect(stopped.body).toEqual({ stopped: true, customerId: johnSmith });
    expect(stopped.headers.get("set-cookie")).toMatch(/portal-impersonation=; .*Max-Age=0/);
    expect((await callRoute(getCustomer, "/api/customer", { headers: { cookie } })).status).toBe(
      403,
    );
    expect(
      (await auditActions(johnSmith)).some(
        (a) => a.action === "impersonation_stop" && a.actor_username === "rgreen",
      ),
    ).toBe(true);
  });

  it("expires after thirty minutes", async () => {
    const other = await signInWithSession("admin", { provider: "keycloak-staff" });
    const started = await callRoute(startSession, "/x", {
      method: "POST",
      headers: { cookie: other },
      body: { customerId: johnSmith, reason: REASON },
    });
    // Measured on the database's clock, which started the session.
    const [lasts] = await queryRows<{ seconds: number }>(
      getDb(),
      sql`SELECT extract(epoch FROM expires_at - started_at)::int AS seconds
          FROM impersonation_sessions WHERE id = ${started.body.id}::uuid`,
    );
    expect(lasts?.seconds).toBe(30 * 60);
    const cookie = `${other}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
    await getDb().execute(sql`UPDATE impersonation_sessions SET started_at = now() - interval '31 minutes',
      expires_at = now() - interval '1 minute' WHERE id = ${started.body.id}::uuid`);
    expect((await callRoute(getCustomer, "/api/customer", { headers: { cookie } })).status).toBe(
      403,
    );
  });

  it("is only for staff sessions: a customer cannot start one", async () => {
    const result = await callRoute(startSession, "/x", {
      method: "POST",
      token: await accessToken("alice"),
      body: { customerId: customerId("acme"), reason: REASON },
    });
    expect(result.status).toBe(403);
  });

  describe("refuses every mutating route with impersonation_read_only", async () => {
    const apiDir = path.join(process.cwd(), "app", "api");
    const routes = Object.fromEntries(
      readdirSync(apiDir, { recursive: true, encoding: "utf8" })
        .filter((file) => file.endsWith("route.ts"))
        .map((file) => [
          `/app/api/${file}`,
          () => import(path.join(apiDir, file)) as Promise<Record<string, unknown>>,
        ]),
    );
    const params = {
      accountId: demo.accounts.johnSmith,
      premiseId: demo.premises.mainStreet,
      meterId: demo.meters.johnSmith,
      customerId: johnSmith,
      table: "customers",
    };
    // Signing out and stopping the session are how a session ends, so they stay open. The
    // realm's back-channel logout is called server to server and reads no cookie at all.
    const exempt = new Set([
      "/app/api/auth/[...nextauth]/route.ts DELETE",
      "/app/api/auth/[...nextauth]/route.ts POST",
      "/app/api/auth/backchannel-logout/route.ts POST",
      "/app/api/staff/impersonation/route.ts DELETE",
    ]);
    const cases: [string, string, () => Promise<Record<string, unknown>>][] = [];
    for (const [file, load] of Object.entries(routes)) {
      const module = await load();
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        if (typeof module[method] === "function" && !exempt.has(`${file} ${method}`))
          cases.push([file, method, load]);
      }
    }

    it("covers the routes that change data", () => {
      expect(cases.length).toBeGreaterThanOrEqual(10);
    });

    for (const [file, method, load] of cases) {
      it(`${method} ${file.replace("/app", "").replace("/route.ts", "")}`, async () => {
        const handler = (await load())[method] as Parameters<typeof callRoute>[0];
        const before = await queryRows<{ snapshot: string }>(
          getDb(),
          sql`SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS snapshot
          FROM (SELECT nickname FROM accounts UNION ALL SELECT email FROM customers UNION ALL SELECT bill_delivery::text FROM preferences) t`,
        );
        const result = await callRoute(handler, `/api/rest/customers?id=eq.${johnSmith}`, {
          method,
          headers: { cookie: viewing },
          params,
          body: {
            nickname: "Changed",
            email: "changed@example.com",
            billReady: false,
            customerId: johnSmith,
            reason: REASON,
          },
        });
        expect(result.status).toBe(403);
        expect(result.body.code).toBe("impersonation_read_only");
        const after = await queryRows<{ snapshot: string }>(
          getDb(),
          sql`SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) AS snapshot
          FROM (SELECT nickname FROM accounts UNION ALL SELECT email FROM customers UNION ALL SELECT bill_delivery::text FROM preferences) t`,
        );
        expect(after).toEqual(before);
      });
    }
  });
});
