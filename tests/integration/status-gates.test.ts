import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getCustomer, PUT as putCustomer } from "@/app/api/customer/route";
import { GET as getPreferences, PUT as putPreferences } from "@/app/api/preferences/route";
import { POST as setPrimary } from "@/app/api/premises/[premiseId]/set-primary/route";
import { POST as startView } from "@/app/api/staff/impersonation/route";
import { getDb, queryRows } from "@/db/client";
import type { CustomerStatus } from "@/db/schema/customers";
import { customerId } from "@/db/seed/static";
import { demo } from "./support/demo";
import { accept } from "./support/invite-links";
import { invite } from "./support/invites";
import { callRoute } from "./support/routes";
import { attemptSignIn, signInWithSession } from "./support/session";
import { accessToken, signWithRealmKey } from "./support/tokens";

const JOHN = customerId("john-smith");
const MARCUS = customerId("marcus-webb");
const MARCUS_SUBJECT = "status-gates-marcus";

/**
 * A customer's next status, as an admin's status change leaves it (the database holds every
 * change to the lifecycle, so each test moves forward along it).
 */
async function setStatus(status: CustomerStatus, customer = JOHN) {
  await getDb().execute(sql`UPDATE customers SET status = ${status} WHERE id = ${customer}::uuid`);
}

async function linksOf(account: string) {
  return queryRows<{ role: string }>(
    getDb(),
    sql`SELECT role FROM customer_accounts
        WHERE customer_id = ${JOHN}::uuid AND account_id = ${account}::uuid`,
  );
}

type Call = { method?: string; body?: unknown; params?: Record<string, string> };

async function asAlice(handler: Parameters<typeof callRoute>[0], options: Call = {}) {
  return callRoute(handler, "/api/x", { token: await accessToken("alice"), ...options });
}

/** Marcus, still being set up, signed in with a token of the realm. */
async function asMarcus(handler: Parameters<typeof callRoute>[0], options: Call = {}) {
  const token = await signWithRealmKey("ossrep", {
    sub: MARCUS_SUBJECT,
    typ: "Bearer",
    azp: "portal-cli",
    preferred_username: "marcus",
  });
  return callRoute(handler, "/api/x", { token, ...options });
}

const account = { accountId: demo.accounts.johnSmith };
type Caller = typeof asAlice;
const writes = {
  "PUT /api/accounts/{id}": (as: Caller) =>
    as(putAccount, { method: "PUT", body: { nickname: "Home" }, params: account }),
  "PUT /api/preferences": (as: Caller) =>
    as(putPreferences, { method: "PUT", body: { paperless: true } }),
  "POST /api/premises/{id}/set-primary": (as: Caller) =>
    as(setPrimary, { method: "POST", params: { premiseId: demo.premises.mainStreet } }),
};

beforeAll(async () => {
  await getDb().execute(
    sql`UPDATE customers SET auth_subject = ${MARCUS_SUBJECT} WHERE id = ${MARCUS}::uuid`,
  );
});

describe.each(["onboarding", "prelive"] as const)("a %s customer", (status) => {
  beforeAll(() => setStatus(status, MARCUS));

  it("edits their profile", async () => {
    const result = await asMarcus(putCustomer, { method: "PUT", body: { firstName: "Mark" } });
    expect(result.status, result.text).toBe(200);
    expect(result.body).toMatchObject({ firstName: "Mark", status });
  });

  it("reads through the API", async () => {
    expect((await asMarcus(getCustomer)).status).toBe(200);
    expect((await asMarcus(getPreferences)).status).toBe(200);
  });

  it.each(Object.keys(writes))("is refused %s with customer_not_live", async (name) => {
    const result = await writes[name as keyof typeof writes](asMarcus);
    expect(result.status).toBe(403);
    expect(result.headers.get("content-type")).toMatch(/problem\+json/);
    expect(result.body).toMatchObject({ code: "customer_not_live" });
  });
});

describe("an inactive customer", () => {
  beforeAll(() => setStatus("inactive"));

  it("reads their history", async () => {
    expect((await asAlice(getCustomer)).status).toBe(200);
    const bills = await asAlice(getBills, { params: account });
    expect(bills.status).toBe(200);
    expect(bills.body.bills.length).toBeGreaterThan(0);
    expect((await asAlice(getPreferences)).status).toBe(200);
  });

  it.each([...Object.keys(writes), "PUT /api/customer"])(
    "is refused %s with customer_inactive, changing nothing",
    async (name) => {
      const result =
        name === "PUT /api/customer"
          ? await asAlice(putCustomer, { method: "PUT", body: { firstName: "Jon" } })
          : await writes[name as keyof typeof writes](asAlice);
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({ code: "customer_inactive" });
      expect(result.statements).toEqual([]);
    },
  );
});

describe("an invitation accepted by an inactive or closed customer", () => {
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    cookie = await signInWithSession("alice");
    ({ token } = await invite({
      account_id: demo.accounts.retail,
      role: "agent",
      email: "john.smith@example.com",
    }));
  });

  it("is refused with a page saying why, linking nothing", async () => {
    const refused = await accept(token, cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/inactive: the history can be read, but nothing can be changed/);
    expect(await linksOf(demo.accounts.retail)).toEqual([]);
  });
});

describe("a closed customer", () => {
  let cookie: string;
  let viewing: string;

  beforeAll(async () => {
    cookie = await signInWithSession("alice");
    const staff = await signInWithSession("jsmith", { provider: "keycloak-staff" });
    const started = await callRoute(startView, "/api/staff/impersonation", {
      method: "POST",
      headers: { cookie: staff },
      body: { customerId: JOHN, reason: "Customer asked about their move-out" },
    });
    expect(started.status, started.text).toBe(201);
    viewing = `${staff}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
    // A support view follows the customer's status: an inactive one's history reads.
    const read = await callRoute(getBills, "/api/x", {
      headers: { cookie: viewing },
      params: account,
    });
    expect(read.status).toBe(200);
    await setStatus("closed");
  });

  it("is refused reads and writes, by bearer token and by session", async () => {
    const byToken = await asAlice(getCustomer);
    expect(byToken.status).toBe(403);
    expect(byToken.headers.get("content-type")).toMatch(/problem\+json/);
    expect(byToken.body).toMatchObject({ code: "customer_closed" });
    expect((await asAlice(getBills, { params: account })).body.code).toBe("customer_closed");
    expect((await writes["PUT /api/preferences"](asAlice)).body.code).toBe("customer_closed");
    const bySession = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(bySession.status).toBe(403);
    expect(bySession.body.code).toBe("customer_closed");
    // The session's own check read the status: no statement of its own, and no work done.
    expect(bySession.overhead).toHaveLength(1);
    expect(bySession.overhead[0]).toMatch(/session_revocations[\s\S]*FROM customers/);
    expect(bySession.statements).toEqual([]);
  });

  it("cannot accept an invitation", async () => {
    const { token } = await invite({
      account_id: demo.accounts.warehouse,
      role: "agent",
      email: "john.smith@example.com",
    });
    const refused = await accept(token, cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/closed and can no longer use the portal/);
    expect(await linksOf(demo.accounts.warehouse)).toEqual([]);
  });

  it("cannot be viewed by support staff either", async () => {
    const result = await callRoute(getCustomer, "/api/customer", { headers: { cookie: viewing } });
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("customer_closed");
  });

  it("cannot sign in, and is sent to a sign-in page that says why", async () => {
    const { callback, cookie: after } = await attemptSignIn("alice");
    expect(callback.status).toBe(302);
    const location = new URL(callback.headers.get("location") ?? "", "http://x");
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("error")).toBe("customer_closed");
    expect(after).not.toMatch(/session-token/);
  });
});
