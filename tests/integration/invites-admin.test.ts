import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { accountId } from "@/db/seed/static";
import { FOREIGN_UUID } from "./support/demo";
import { createInvite, emailOf, invite, tokenIn } from "./support/invites";
import { outboxFor, read, rest, staff } from "./support/rest";
import { accessToken } from "./support/tokens";

const JOHN_SMITH_ACCOUNT = accountId("1234567890");
const WAREHOUSE = accountId("5555555555");

describe("POST /api/rest/customer_invites", () => {
  it("creates an invite, stores only the token's hash and queues an event from which the relay composes the email with the link", async () => {
    const created = await createInvite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: "Letting.Agent@Example.com",
    });
    expect(created.status, created.text).toBe(201);
    const [row] = created.body;
    expect(row).toEqual({
      id: expect.any(String),
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: "Letting.Agent@Example.com",
      expires_at: expect.any(String),
      created_by: expect.any(String),
      created_at: expect.any(String),
      accepted_at: null,
      accepted_customer_id: null,
      revoked_at: null,
    });
    const week = Date.parse(row.expires_at) - Date.parse(row.created_at);
    expect(week).toBe(7 * 24 * 60 * 60 * 1000);

    const email = await emailOf(row.id);
    expect(email.to).toBe("Letting.Agent@Example.com");
    expect(email.subject).toBe("Your invitation to energy account 1234567890");
    expect(email.text).toContain("managing agent of account 1234567890");
    const token = tokenIn(email);
    expect(email.text).toContain(`http://localhost:3999/invite/${token}`);

    const [stored] = await queryRows<{ token_hash: string; row: string }>(
      getDb(),
      sql`SELECT token_hash, row_to_json(i)::text AS row FROM customer_invites i WHERE id = ${row.id}::uuid`,
    );
    expect(stored?.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored?.row).not.toContain(token);

    const events = await outboxFor(row.id);
    expect(events.map((e) => e.event_type)).toEqual(["InviteCreated"]);
    expect(events[0]?.payload.actor.type).toBe("admin");
    expect(events[0]?.payload.data).toMatchObject({
      inviteId: row.id,
      accountId: JOHN_SMITH_ACCOUNT,
      role: "agent",
    });
    // The event names the invite; neither the token nor the address is in it.
    const raw = JSON.stringify(events[0]?.payload);
    expect(raw).not.toContain(token);
    expect(raw).not.toContain(createHash("sha256").update(token).digest("hex"));
    expect(raw.toLowerCase()).not.toContain("letting.agent@example.com");
  });

  it("never shows the token's hash, however it is asked for", async () => {
    const { id } = await invite({
      account_id: WAREHOUSE,
      role: "billing",
      email: "payables@acme.example",
    });
    const [all] = await read(`customer_invites?id=eq.${id}`);
    expect(all).not.toHaveProperty("token_hash");
    const named = await rest("GET", `customer_invites?id=eq.${id}&select=token_hash`);
    expect(named.status).toBe(400);
    expect(named.body.code).toBe("42703");
    const filtered = await rest("GET", `customer_invites?token_hash=not.is.null`);
    expect(filtered.status).toBe(400);
  });

  it("refuses a second open invite for the same account and email, until the first is revoked", async () => {
    const body = { account_id: WAREHOUSE, role: "agent", email: "second.agent@example.com" };
    const first = await invite(body);
    const again = await createInvite({ ...body, email: "SECOND.agent@example.com" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: "invite_already_open",
      message: expect.stringMatching(/still open/),
    });

    const revoked = await rest("PATCH", `customer_invites?id=eq.${first.id}`, {
      body: { revoked_at: new Date().toISOString() },
      headers: { prefer: "return=representation" },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body[0].revoked_at).toEqual(expect.any(String));
    expect((await outboxFor(first.id)).map((e) => e.event_type)).toEqual([
      "InviteCreated",
      "InviteRevoked",
    ]);
    expect((await createInvite(body)).status).toBe(201);
  });

  it("refuses an invite for someone who already has a role on the account", async () => {
    const result = await createInvite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "billing",
      email: "john.smith@example.com",
    });
    expect(result.status).toBe(409);
    expect(result.body.code).toBe("already_linked");
  });

  it("answers 422 for an account that does not exist", async () => {
    const result = await createInvite({
      account_id: FOREIGN_UUID,
      role: "occupier",
      email: "nobody@example.com",
    });
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ code: "unknown_account" });
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, "23514"],
    ["an unknown role", { role: "owner" }, "22P02"],
    ["an account id that is not a uuid", { account_id: "1234567890" }, "22P02"],
    ["no email", { email: null }, "23502"],
  ])("answers 400 for %s and writes nothing", async (_, change, code) => {
    const before = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM customer_invites`,
    );
    const result = await createInvite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: "valid@example.com",
      ...change,
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe(code);
    const after = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM customer_invites`,
    );
    expect(after).toEqual(before);
  });

  it("refuses columns the server sets", async () => {
    const result = await createInvite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: "valid@example.com",
      token_hash: "0".repeat(64),
    });
    expect(result.status).toBe(400);
    const expiry = await createInvite({
      account_id: JOHN_SMITH_ACCOUNT,
      role: "agent",
      email: "valid@example.com",
      expires_at: "2099-01-01T00:00:00Z",
    });
    expect(expiry.status).toBe(400);
    expect(expiry.body.code).toBe("428C9");
  });

  it.each([
    ["csr", staff.csr],
    ["supervisor", staff.supervisor],
    ["readonly", staff.readonly],
  ])("is for admins only: %s gets 403", async (_, token) => {
    const result = await createInvite(
      { account_id: JOHN_SMITH_ACCOUNT, role: "agent", email: "not.sent@example.com" },
      await token(),
    );
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("42501");
    const listed = await rest("GET", "customer_invites?select=id", { token: await token() });
    expect(listed.status).toBe(200);
  });

  it("is not for customers at all", async () => {
    const result = await createInvite(
      { account_id: JOHN_SMITH_ACCOUNT, role: "agent", email: "not.sent@example.com" },
      await accessToken("alice"),
    );
    expect(result.status).toBe(403);
  });
});

describe("PATCH /api/rest/customer_invites: revoking", () => {
  it("keeps the first revocation time, and refuses to un-revoke", async () => {
    const { id } = await invite({
      account_id: WAREHOUSE,
      role: "billing",
      email: "revoked.twice@example.com",
    });
    const first = await rest("PATCH", `customer_invites?id=eq.${id}`, {
      body: { revoked_at: "2026-01-01T00:00:00Z" },
      headers: { prefer: "return=representation" },
    });
    expect(first.status).toBe(200);
    const revokedAt = first.body[0].revoked_at;
    expect(Date.parse(revokedAt)).toBeGreaterThan(Date.parse(first.body[0].created_at) - 1);

    const second = await rest("PATCH", `customer_invites?id=eq.${id}`, {
      body: { revoked_at: new Date().toISOString() },
      headers: { prefer: "return=representation" },
    });
    expect(second.body[0].revoked_at).toBe(revokedAt);
    expect((await outboxFor(id)).map((e) => e.event_type)).toEqual([
      "InviteCreated",
      "InviteRevoked",
    ]);

    const undo = await rest("PATCH", `customer_invites?id=eq.${id}`, {
      body: { revoked_at: null },
    });
    expect(undo.status).toBe(409);
    expect(undo.body.code).toBe("invite_revoked");
  });

  it("changes nothing else, and is for admins only", async () => {
    const { id } = await invite({
      account_id: WAREHOUSE,
      role: "billing",
      email: "only.revoke@example.com",
    });
    const email = await rest("PATCH", `customer_invites?id=eq.${id}`, {
      body: { email: "other@example.com" },
    });
    expect(email.status).toBe(400);
    expect(email.body.code).toBe("428C9");
    const csr = await rest("PATCH", `customer_invites?id=eq.${id}`, {
      body: { revoked_at: new Date().toISOString() },
      token: await staff.csr(),
    });
    expect(csr.status).toBe(403);
    const deleted = await rest("DELETE", `customer_invites?id=eq.${id}`);
    expect(deleted.status).toBe(405);
    expect(await read(`customer_invites?id=eq.${id}&select=revoked_at`)).toEqual([
      { revoked_at: null },
    ]);
  });
});
