import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as getAccount, PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as exportOwn } from "@/app/api/customer/export/route";
import { GET as getCustomer, PUT as putCustomer } from "@/app/api/customer/route";
import { PATCH as restPatch, POST as restPost } from "@/app/api/rest/[table]/route";
import { POST as startView } from "@/app/api/staff/impersonation/route";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { demo } from "./support/demo";
import { accept } from "./support/invite-links";
import { invite } from "./support/invites";
import { read, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { PORTAL_ORIGIN, signInWithSession, signOutSession } from "./support/session";
import { accessToken } from "./support/tokens";
import { stopViewing, VIEW_REASON, viewAs } from "./support/views";

const JOHN = customerId("john-smith");
const PRIYA = customerId("priya-shah");
const FOREIGN = "http://localhost:9999";

async function auditActions(customer: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    getDb(),
    sql`SELECT action FROM access_audit WHERE customer_id = ${customer}::uuid ORDER BY id`,
  );
  return rows.map((r) => r.action);
}

describe("cookie writes from another origin", () => {
  let alice: string;
  let admin: string;

  beforeAll(async () => {
    alice = await signInWithSession("alice");
    admin = await signInWithSession("admin", { provider: "keycloak-staff" });
  });

  const origins: [string, Record<string, string>][] = [
    ["another site", { origin: "https://attacker.example", "sec-fetch-site": "cross-site" }],
    ["another port of the same site", { origin: FOREIGN, "sec-fetch-site": "same-site" }],
    ["a subdomain", { origin: "http://evil.localhost:3999" }],
    ["no origin at all", {}],
    ["a null origin from another site", { origin: "null", "sec-fetch-site": "cross-site" }],
  ];

  it.each(origins)(
    "are refused on a route handler from %s, changing nothing",
    async (_, headers) => {
      const result = await callRoute(putCustomer, "/api/customer", {
        method: "PUT",
        headers: { cookie: alice, ...headers },
        body: { firstName: "Mallory" },
        noOrigin: true,
      });
      expect(result.status).toBe(403);
      expect(result.body.code).toBe("forbidden");
      const profile = await callRoute(getCustomer, "/api/customer", { headers: { cookie: alice } });
      expect(profile.body.firstName).not.toBe("Mallory");
    },
  );

  it.each(origins)("are refused on /api/rest from %s, in PostgREST's shape", async (_, headers) => {
    const patch = await callRoute(
      restPatch,
      `/api/rest/accounts?id=eq.${demo.accounts.johnSmith}`,
      {
        method: "PATCH",
        headers: { cookie: admin, ...headers },
        body: { nickname: "Taken over" },
        params: { table: "accounts" },
        noOrigin: true,
      },
    );
    expect(patch.status).toBe(403);
    expect(patch.body).toMatchObject({ code: "forbidden" });
    const link = await callRoute(restPost, "/api/rest/customer_accounts", {
      method: "POST",
      headers: { cookie: admin, ...headers },
      body: { customer_id: PRIYA, account_id: demo.accounts.johnSmith, role: "agent" },
      params: { table: "customer_accounts" },
      noOrigin: true,
    });
    expect(link.status).toBe(403);
    expect(
      await read(
        `customer_accounts?customer_id=eq.${PRIYA}&account_id=eq.${demo.accounts.johnSmith}`,
      ),
    ).toEqual([]);
    expect(
      (await read(`accounts?id=eq.${demo.accounts.johnSmith}&select=nickname`))[0].nickname,
    ).not.toBe("Taken over");
  });

  it("are refused when stopping a view, and on invitation acceptance", async () => {
    const jsmith = await signInWithSession("jsmith", { provider: "keycloak-staff" });
    const viewing = await viewAs(jsmith, JOHN);
    const stop = await stopViewing(viewing, { origin: FOREIGN });
    expect(stop.status).toBe(403);
    const stillViewing = await callRoute(getCustomer, "/api/customer", {
      headers: { cookie: viewing },
    });
    expect(stillViewing.body.firstName).toBe("John");
    const stopped = await stopViewing(viewing);
    expect(stopped.status).toBe(200);

    const link = await invite({
      account_id: demo.accounts.retail,
      role: "agent",
      email: "pipeline.origin@example.com",
    });
    const refused = await accept(link.token, alice, { origin: FOREIGN });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("portal itself");
  });

  it("pass from the portal's own origin, or a null Origin the browser marks same-origin", async () => {
    const own = await callRoute(putAccount, "/x", {
      method: "PUT",
      headers: { cookie: alice, origin: PORTAL_ORIGIN },
      body: { nickname: "Home" },
      params: { accountId: demo.accounts.johnSmith },
    });
    expect(own.status, own.text).toBe(200);
    const hidden = await callRoute(putAccount, "/x", {
      method: "PUT",
      headers: { cookie: alice, origin: "null", "sec-fetch-site": "same-origin" },
      body: { nickname: "Home again" },
      params: { accountId: demo.accounts.johnSmith },
      noOrigin: true,
    });
    expect(hidden.status, hidden.text).toBe(200);
  });

  it("do not apply to bearer tokens, which browsers never attach by themselves", async () => {
    const result = await callRoute(putAccount, "/x", {
      method: "PUT",
      token: await accessToken("alice"),
      headers: { origin: FOREIGN },
      body: { nickname: "Scripted" },
      params: { accountId: demo.accounts.johnSmith },
    });
    expect(result.status, result.text).toBe(200);
  });
});

describe("ended sessions", () => {
  it("refuses a cookie kept from before sign-out", async () => {
    const cookie = await signInWithSession("priya");
    const before = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(before.status).toBe(200);
    await signOutSession(cookie);
    const read = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(read.status).toBe(401);
    const write = await callRoute(putCustomer, "/api/customer", {
      method: "PUT",
      headers: { cookie },
      body: { firstName: "Replayed" },
    });
    expect(write.status).toBe(401);
    // Another sign-in of the same person is a session of its own.
    const again = await signInWithSession("priya");
    expect(
      (await callRoute(getCustomer, "/api/customer", { headers: { cookie: again } })).status,
    ).toBe(200);
  });

  it("ends a view as a customer with the staff member's sign-out, audited", async () => {
    const mjones = await signInWithSession("mjones", { provider: "keycloak-staff" });
    const viewing = await viewAs(mjones, PRIYA);
    await signOutSession(viewing);
    expect((await auditActions(PRIYA)).at(-1)).toBe("impersonation_stop");
    const open = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM impersonation_sessions
          WHERE staff_username = 'mjones' AND ended_at IS NULL`,
    );
    expect(open[0]?.n).toBe(0);
    // The next sign-in can open a new view.
    await viewAs(await signInWithSession("mjones", { provider: "keycloak-staff" }), PRIYA);
  });
});

describe("a view as a customer is read-only through every door", () => {
  let adminCookie: string;

  beforeAll(async () => {
    adminCookie = await signInWithSession("admin", { provider: "keycloak-staff" });
    await viewAs(adminCookie, JOHN);
  });

  afterAll(async () => {
    const stopped = await stopViewing(adminCookie);
    expect(stopped.body.stopped).toBe(true);
  });

  it("refuses the admin's REST writes by bearer token and from a second session", async () => {
    const bearer = await callRoute(
      restPatch,
      `/api/rest/accounts?id=eq.${demo.accounts.tomEvans}`,
      {
        method: "PATCH",
        token: await staff.admin(),
        body: { nickname: "While viewing" },
        params: { table: "accounts" },
      },
    );
    expect(bearer.status).toBe(403);
    expect(bearer.body.code).toBe("impersonation_read_only");
    const second = await signInWithSession("admin", { provider: "keycloak-staff" });
    const fromSecond = await callRoute(
      restPatch,
      `/api/rest/accounts?id=eq.${demo.accounts.tomEvans}`,
      {
        method: "PATCH",
        headers: { cookie: second },
        body: { nickname: "While viewing" },
        params: { table: "accounts" },
      },
    );
    expect(fromSecond.status).toBe(403);
    expect(fromSecond.body.code).toBe("impersonation_read_only");
    // Reads go on.
    const reading = await callRoute(getAccount, "/x", {
      token: await accessToken("tom"),
      params: { accountId: demo.accounts.tomEvans },
    });
    expect(reading.body.nickname).not.toBe("While viewing");
  });

  it("bounds the customer's export by the staff member's own role", async () => {
    const readonly = await signInWithSession("rgreen", { provider: "keycloak-staff" });
    const refused = await callRoute(exportOwn, "/api/customer/export", {
      headers: { cookie: await viewAs(readonly, JOHN) },
    });
    expect(refused.status).toBe(403);
    const csr = await signInWithSession("jsmith", { provider: "keycloak-staff" });
    const allowed = await callRoute(exportOwn, "/api/customer/export", {
      headers: { cookie: await viewAs(csr, JOHN) },
    });
    expect(allowed.status).toBe(200);
  });
});

describe("bad input never gets a 500", () => {
  let token: string;
  beforeAll(async () => {
    token = await accessToken("alice");
  });

  it.each([
    ["a NUL", { firstName: "A\u0000B" }, "firstName"],
    ["a lone high surrogate", { firstName: "A\uD800" }, "firstName"],
    [
      "a lone low surrogate in a nested field",
      { mailingAddress: { street: "\uDC00 Main" } },
      "mailingAddress.street",
    ],
  ])("answers 422 naming the field for %s in a body", async (_, body, field) => {
    const result = await callRoute(putCustomer, "/api/customer", { method: "PUT", token, body });
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual([expect.objectContaining({ field, code: "invalid_text" })]);
  });

  it("answers 422 naming the parameter for such text in a query string", async () => {
    const result = await callRoute(getCustomer, "/api/customer?search=a%00b", { token });
    expect(result.status).toBe(422);
    expect(result.body.errors[0].field).toBe("search");
  });

  it("answers 400 problem+json for a path that is not valid percent-encoding", async () => {
    const result = await callRoute(getAccount, "/api/accounts/%FF", {
      token,
      params: { accountId: "%FF" },
    });
    expect(result.status).toBe(400);
    expect(result.headers.get("content-type")).toBe("application/problem+json");
    expect(result.body.code).toBe("bad_request");
  });

  it("answers PostgREST's 400 for such text in the admin API", async () => {
    const result = await callRoute(restPatch, `/api/rest/accounts?id=eq.${demo.accounts.retail}`, {
      method: "PATCH",
      token: await staff.admin(),
      body: { nickname: "x\u0000" },
      params: { table: "accounts" },
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe("22021");
  });

  it("answers 201 and 409 to two views started at the same moment", async () => {
    const supervisor = await signInWithSession("mjones", { provider: "keycloak-staff" });
    await stopViewing(supervisor);
    const start = () =>
      callRoute(startView, "/api/staff/impersonation", {
        method: "POST",
        headers: { cookie: supervisor },
        body: { customerId: JOHN, reason: VIEW_REASON },
      });
    const statuses = (await Promise.all([start(), start()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
  });
});

describe("transport security", () => {
  const before = process.env.AUTH_URL;
  afterEach(() => {
    if (before === undefined) delete process.env.AUTH_URL;
    else process.env.AUTH_URL = before;
  });

  it("sends HSTS when the portal is served over https, and not otherwise", async () => {
    const token = await accessToken("alice");
    const plain = await callRoute(getCustomer, "/api/customer", { token });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    process.env.AUTH_URL = "https://portal.example";
    const secure = await callRoute(getCustomer, "/api/customer", { token });
    expect(secure.headers.get("strict-transport-security")).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });
});
