import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCustomer } from "@/app/api/customer/route";
import { handlers } from "@/auth";
import { getDb, queryRows } from "@/db/client";
import { accountId, customerId } from "@/db/seed/static";
import { accept, newPerson, openLink } from "./support/invite-links";
import { expire, invite } from "./support/invites";
import { auditOf, outboxFor, read, rest } from "./support/rest";
import { callRoute } from "./support/routes";
import { PORTAL_ORIGIN, signInWithSession } from "./support/session";

const JOHN_SMITH_ACCOUNT = accountId("1234567890");
const RETAIL = accountId("7777777777");
const HEADQUARTERS = accountId("9876543210");

async function sessionOf(cookie: string) {
  const response = await handlers.GET(
    new NextRequest(`${PORTAL_ORIGIN}/api/auth/session`, { headers: { cookie } }),
  );
  return (await response.json()) as { user: { subject: string; customerId: string | null } };
}

describe("accepting an invitation as someone new", () => {
  const person = newPerson("Nadia", "Okoro");
  let link: { id: string; token: string };
  let cookie: string;
  let newCustomerId: string;

  beforeAll(async () => {
    link = await invite({ account_id: JOHN_SMITH_ACCOUNT, role: "agent", email: person.email });
    cookie = await signInWithSession(person.username, { registration: person });
  });

  it("leads from the link to the invitation page", async () => {
    const opened = await openLink(link.token);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`/invite/${link.token}/accept`);
  });

  it("starts a session for the newly registered person, with no customer yet", async () => {
    const session = await sessionOf(cookie);
    expect(session.user.subject).toEqual(expect.any(String));
    expect(session.user.customerId).toBeNull();
  });

  it("creates the customer, links the account, completes setup and spends the link", async () => {
    const accepted = await accept(link.token, cookie);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe("/");

    const { user } = await sessionOf(cookie);
    expect(user.customerId).toEqual(expect.any(String));
    newCustomerId = user.customerId as string;
    const [customer] = await read(`customers?id=eq.${newCustomerId}`);
    expect(customer).toMatchObject({
      type: "individual",
      first_name: "Nadia",
      last_name: "Okoro",
      email: person.email,
      status: "prelive",
      auth_subject: user.subject,
    });
    expect(
      await read(`customer_accounts?customer_id=eq.${newCustomerId}&select=account_id,role`),
    ).toEqual([{ account_id: JOHN_SMITH_ACCOUNT, role: "agent" }]);
    const [spent] = await read(`customer_invites?id=eq.${link.id}`);
    expect(spent).toMatchObject({
      accepted_at: expect.any(String),
      accepted_customer_id: newCustomerId,
    });

    const trail = await auditOf(newCustomerId);
    expect(trail.map((e) => e.type)).toEqual([
      "CustomerCreated",
      "AccountLinked",
      "CustomerStatusChanged",
      "InviteAccepted",
    ]);
    expect(trail[2].data).toEqual({ from: "onboarding", to: "prelive", reason: "setup complete" });
    expect(trail.every((e) => e.actor_type === "customer" && e.actor_id === user.subject)).toBe(
      true,
    );
    expect((await outboxFor(newCustomerId)).map((e) => e.event_type)).toEqual([
      "CustomerCreated",
      "CustomerStatusChanged",
    ]);
    expect((await outboxFor(link.id)).map((e) => e.event_type)).toEqual([
      "InviteCreated",
      "InviteAccepted",
    ]);
    const linked = (await outboxFor(JOHN_SMITH_ACCOUNT)).filter(
      (e) => e.event_type === "AccountLinked",
    );
    expect(linked.map((e) => e.payload.data)).toContainEqual({
      accountId: JOHN_SMITH_ACCOUNT,
      customerId: newCustomerId,
      role: "agent",
    });
  });

  it("shows the new customer their account in the portal", async () => {
    const profile = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      customerId: newCustomerId,
      status: "prelive",
      accounts: [{ accountNumber: "1234567890", role: "agent" }],
    });
  });

  it("works once: the second use is 410", async () => {
    const again = await accept(link.token, cookie);
    expect(again.status).toBe(410);
    expect(again.text).toContain("already been used");
    expect((await openLink(link.token)).status).toBe(410);
  });

  it("lets an admin activate the customer", async () => {
    const activated = await rest("PATCH", `customers?id=eq.${newCustomerId}`, {
      body: { status: "live" },
    });
    expect(activated.status).toBe(204);
    expect(await read(`customers?id=eq.${newCustomerId}&select=status`)).toEqual([
      { status: "live" },
    ]);
  });
});

describe("someone else holding the link", () => {
  it("is refused, though they registered and verified an address of their own", async () => {
    const invited = newPerson("Ivy", "Invited");
    const holder = newPerson("Hal", "Holder");
    const link = await invite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: invited.email,
    });
    const cookie = await signInWithSession(holder.username, { registration: holder });
    const before = await queryRows(getDb(), sql`SELECT count(*)::int AS n FROM customers`);
    const refused = await accept(link.token, cookie);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("sent to a different email address");
    expect(await queryRows(getDb(), sql`SELECT count(*)::int AS n FROM customers`)).toEqual(before);
    expect(await read(`customer_invites?id=eq.${link.id}&select=accepted_at`)).toEqual([
      { accepted_at: null },
    ]);
  });
});

describe("accepting an invitation as an existing customer", () => {
  let cookie: string;

  beforeAll(async () => {
    cookie = await signInWithSession("alice");
  });

  it("links the customer they already are, without creating another", async () => {
    const john = customerId("john-smith");
    // Alice's verified address at the realm, written in another case.
    const link = await invite({
      account_id: RETAIL,
      role: "billing",
      email: "John.Smith@Example.com",
    });
    const before = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM customers`,
    );
    const accepted = await accept(link.token, cookie);
    expect(accepted.status).toBe(303);
    expect(await queryRows(getDb(), sql`SELECT count(*)::int AS n FROM customers`)).toEqual(before);
    expect(
      await read(`customer_accounts?customer_id=eq.${john}&account_id=eq.${RETAIL}&select=role`),
    ).toEqual([{ role: "billing" }]);
    expect(await read(`customers?id=eq.${john}&select=status,email`)).toEqual([
      { status: "live", email: "john.smith@example.com" },
    ]);
    expect((await auditOf(john)).slice(-2).map((e) => e.type)).toEqual([
      "AccountLinked",
      "InviteAccepted",
    ]);
  });

  it("refuses an invitation sent to another address with a clear page, and writes nothing", async () => {
    const john = customerId("john-smith");
    const link = await invite({
      account_id: HEADQUARTERS,
      role: "agent",
      email: "someone.else@example.com",
    });
    const audit = (await auditOf(john)).length;
    const refused = await accept(link.token, cookie);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toContain("text/html");
    expect(refused.text).toContain("sent to a different email address");
    expect(await read(`customer_invites?id=eq.${link.id}&select=accepted_at`)).toEqual([
      { accepted_at: null },
    ]);
    expect(
      await read(`customer_accounts?customer_id=eq.${john}&account_id=eq.${HEADQUARTERS}`),
    ).toEqual([]);
    expect((await auditOf(john)).length).toBe(audit);
    expect((await outboxFor(link.id)).map((e) => e.event_type)).toEqual(["InviteCreated"]);
    expect((await openLink(link.token)).status).toBe(303);
  });

  it("refuses a role other than occupier on an account nobody occupies yet", async () => {
    const created = await rest("POST", "accounts", {
      body: { account_number: "4400000099", type: "residential" },
      headers: { prefer: "return=representation" },
    });
    expect(created.status).toBe(201);
    const link = await invite({
      account_id: created.body[0].id,
      role: "agent",
      email: "john.smith@example.com",
    });
    const refused = await accept(link.token, cookie);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("no account holder yet");
  });
});

describe("links that cannot be used", () => {
  let cookie: string;

  beforeAll(async () => {
    cookie = await signInWithSession("alice");
  });

  const fresh = (
    account = HEADQUARTERS,
    email = `agent.${randomBytes(3).toString("hex")}@example.com`,
  ) => invite({ account_id: account, role: "agent", email });
  // Alice's verified address: links she can accept.
  const hers = (account: string) => fresh(account, "john.smith@example.com");

  it("answers 410 for an expired link, at the link and at the accept step", async () => {
    const link = await fresh();
    await expire(link.id);
    const opened = await openLink(link.token);
    expect(opened.status).toBe(410);
    expect(opened.headers.get("content-type")).toContain("text/html");
    expect(opened.text).toContain("This invitation has expired");
    const accepted = await accept(link.token, cookie);
    expect(accepted.status).toBe(410);
    expect(await read(`customer_invites?id=eq.${link.id}&select=accepted_at`)).toEqual([
      { accepted_at: null },
    ]);
  });

  it("answers 410 for a revoked link", async () => {
    const link = await fresh();
    await rest("PATCH", `customer_invites?id=eq.${link.id}`, {
      body: { revoked_at: new Date().toISOString() },
    });
    const opened = await openLink(link.token);
    expect(opened.status).toBe(410);
    expect(opened.text).toContain("withdrawn");
    expect((await accept(link.token, cookie)).status).toBe(410);
  });

  it("answers 404 for a token we never issued", async () => {
    const forged = randomBytes(32).toString("base64url");
    const opened = await openLink(forged);
    expect(opened.status).toBe(404);
    expect(opened.text).toContain("This invitation link is not valid");
    expect((await accept(forged, cookie)).status).toBe(404);
  });

  it.each(["short", "x".repeat(44), "../../api/health", "%00", "a b c"])(
    "answers 404 for the malformed token %j without looking it up",
    async (token) => {
      const opened = await openLink(token);
      expect(opened.status).toBe(404);
      expect(opened.statements).toEqual([]);
      expect((await accept(token, cookie)).status).toBe(404);
    },
  );

  it("lets only one of two simultaneous acceptances through", async () => {
    const link = await hers(accountId("5555555555"));
    const results = await Promise.all([accept(link.token, cookie), accept(link.token, cookie)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
  });

  it("refuses an accepted invite's revocation", async () => {
    const link = await hers(HEADQUARTERS);
    expect((await accept(link.token, cookie)).status).toBe(303);
    const revoked = await rest("PATCH", `customer_invites?id=eq.${link.id}`, {
      body: { revoked_at: new Date().toISOString() },
    });
    expect(revoked.status).toBe(409);
    expect(revoked.body.code).toBe("invite_accepted");
  });
});

describe("the accept step's own guards", () => {
  it("sends someone without a session to the invitation page to sign in first", async () => {
    const link = await invite({
      account_id: RETAIL,
      role: "agent",
      email: "no.session@example.com",
    });
    const result = await accept(link.token, "");
    expect(result.status).toBe(303);
    expect(result.headers.get("location")).toBe(`/invite/${link.token}/accept`);
  });

  it("refuses a POST another site makes with the cookie, or one that names no origin", async () => {
    const cookie = await signInWithSession("alice");
    const link = await invite({
      account_id: RETAIL,
      role: "agent",
      email: "cross.site@example.com",
    });
    const crossSite = await accept(link.token, cookie, {
      origin: "https://attacker.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    expect((await accept(link.token, cookie, {})).status).toBe(403);
    expect((await accept(link.token, cookie, { origin: "null" })).status).toBe(403);
    expect(await read(`customer_invites?id=eq.${link.id}&select=accepted_at`)).toEqual([
      { accepted_at: null },
    ]);
  });
});
