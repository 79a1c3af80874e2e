import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getRequest, POST as postRequest } from "@/app/api/customer/erasure-request/route";
import { GET as getCustomer } from "@/app/api/customer/route";
import { POST as completeRequest } from "@/app/api/staff/erasure-requests/[requestId]/complete/route";
import { POST as declineRequest } from "@/app/api/staff/erasure-requests/[requestId]/decline/route";
import { GET as listRequests } from "@/app/api/staff/erasure-requests/route";
import { POST as startView } from "@/app/api/staff/impersonation/route";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { FOREIGN_UUID } from "./support/demo";
import { auditOf, read, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

const JOHN = customerId("john-smith");
const DANA = customerId("dana-price");
const CAROL = customerId("carol-reyes");

async function ask(user: string) {
  return callRoute(postRequest, "/api/customer/erasure-request", {
    method: "POST",
    token: await accessToken(user),
  });
}

async function latest(user: string) {
  return callRoute(getRequest, "/api/customer/erasure-request", {
    token: await accessToken(user),
  });
}

async function complete(requestId: string, token?: string) {
  return callRoute(completeRequest, "/x", {
    method: "POST",
    token: token ?? (await staff.admin()),
    params: { requestId },
  });
}

async function decline(requestId: string, reason: unknown, token?: string) {
  return callRoute(declineRequest, "/x", {
    method: "POST",
    token: token ?? (await staff.admin()),
    body: { reason },
    params: { requestId },
  });
}

describe("a customer's erasure request", () => {
  let first: string;

  it("starts with none", async () => {
    const result = await latest("alice");
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ request: null });
  });

  it("is recorded as requested, and shown to the customer as pending", async () => {
    const result = await ask("alice");
    expect(result.status, result.text).toBe(201);
    expect(result.body.request).toEqual({
      requestId: expect.any(String),
      status: "requested",
      requestedAt: expect.stringMatching(/Z$/),
      resolvedAt: null,
      declineReason: null,
    });
    first = result.body.request.requestId;
    expect((await latest("alice")).body.request).toMatchObject({
      requestId: first,
      status: "requested",
    });
    const [entry] = await auditOf(JOHN, "ErasureRequested");
    expect(entry).toMatchObject({ actor_type: "customer", data: { requestId: first } });
  });

  it("cannot be made twice while one is open", async () => {
    const again = await ask("alice");
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("conflict");
    const rows = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM erasure_requests WHERE customer_id = ${JOHN}::uuid`,
    );
    expect(rows).toEqual([{ n: 1 }]);
  });

  it("is refused while support staff view the portal as the customer", async () => {
    const member = await signInWithSession("jsmith", { provider: "keycloak-staff" });
    const started = await callRoute(startView, "/api/staff/impersonation", {
      method: "POST",
      headers: { cookie: member },
      body: { customerId: DANA, reason: "Customer asked how erasure works" },
    });
    expect(started.status, started.text).toBe(201);
    const viewing = `${member}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
    const refused = await callRoute(postRequest, "/api/customer/erasure-request", {
      method: "POST",
      headers: { cookie: viewing },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("impersonation_read_only");
    const seen = await callRoute(getRequest, "/x", { headers: { cookie: viewing } });
    expect(seen.body).toEqual({ request: null });
  });

  it("may be asked by an inactive customer, who can change nothing else", async () => {
    await getDb().execute(sql`UPDATE customers SET status = 'inactive' WHERE id = ${CAROL}::uuid`);
    const result = await ask("carol");
    expect(result.status, result.text).toBe(201);
  });

  it("is listed for admins only, oldest first", async () => {
    const csr = await callRoute(listRequests, "/x", { token: await staff.csr() });
    expect(csr.status).toBe(403);
    const list = await callRoute(listRequests, "/x", { token: await staff.admin() });
    expect(list.status).toBe(200);
    expect(list.body.requests.map((r: { customerId: string }) => r.customerId)).toEqual([
      JOHN,
      CAROL,
    ]);
    expect(list.body.requests[0]).toMatchObject({ requestId: first, customerName: "John Smith" });
  });

  it("cannot be completed while the customer is the sole occupier of an open account", async () => {
    const result = await complete(first);
    expect(result.status).toBe(409);
    expect(result.body.detail).toMatch(/only occupier of open account/);
    expect((await latest("alice")).body.request.status).toBe("requested");
    expect(await read(`customers?id=eq.${JOHN}&select=status`)).toEqual([{ status: "live" }]);
  });

  it("is declined by an admin with a reason the customer sees", async () => {
    expect((await decline(first, "no", await staff.admin())).status).toBe(422);
    expect((await decline(first, "We still supply your home", await staff.csr())).status).toBe(403);
    expect((await decline(FOREIGN_UUID, "We still supply your home")).status).toBe(404);
    const result = await decline(first, "We still supply your home");
    expect(result.status, result.text).toBe(200);
    expect((await latest("alice")).body.request).toMatchObject({
      requestId: first,
      status: "declined",
      resolvedAt: expect.stringMatching(/Z$/),
      declineReason: "We still supply your home",
    });
    const [entry] = await auditOf(JOHN, "ErasureRequestDeclined");
    expect(entry).toMatchObject({
      actor_type: "admin",
      data: { requestId: first, declineReason: "We still supply your home" },
    });
    expect((await complete(first)).status).toBe(409);
    expect((await decline(first, "Asked twice by mistake")).status).toBe(409);
  });

  it("can be asked again once declined", async () => {
    const again = await ask("alice");
    expect(again.status).toBe(201);
    expect(again.body.request.requestId).not.toBe(first);
  });

  it("is completed by an admin: the customer is erased and can no longer use the portal", async () => {
    const earlier = await ask("dana");
    const note = "Dana, please settle the bill for 12 Elm Street first";
    expect((await decline(earlier.body.request.requestId, note)).status).toBe(200);
    const asked = await ask("dana");
    expect(asked.status).toBe(201);
    const requestId = asked.body.request.requestId;
    const result = await complete(requestId);
    expect(result.status, result.text).toBe(200);
    expect(result.body.request).toMatchObject({ requestId, status: "completed" });
    expect(await read(`customers?id=eq.${DANA}&select=status,email,name`)).toEqual([
      { status: "closed", email: null, name: null },
    ]);
    const [row] = await queryRows<Record<string, unknown>>(
      getDb(),
      sql`SELECT status, resolved_by_username FROM erasure_requests WHERE id = ${requestId}::uuid`,
    );
    expect(row).toEqual({ status: "completed", resolved_by_username: "admin" });
    // What an admin wrote to her when declining is personal too, in the request and the trail.
    const declined = await queryRows<{ decline_reason: string }>(
      getDb(),
      sql`SELECT decline_reason FROM erasure_requests WHERE customer_id = ${DANA}::uuid AND status = 'declined'`,
    );
    expect(declined).toEqual([{ decline_reason: "[erased]" }]);
    const entries = await auditOf(DANA);
    expect(JSON.stringify(entries)).not.toMatch(/Elm Street/);
    const trail = entries.map((e) => e.type);
    expect(trail.slice(-6)).toEqual([
      "ErasureRequested",
      "AccountUnlinked",
      "CustomerStatusChanged",
      "CustomerStatusChanged",
      "CustomerErased",
      "ErasureRequestCompleted",
    ]);
    // Her sign-in no longer maps to any customer.
    expect((await callRoute(getCustomer, "/x", { token: await accessToken("dana") })).status).toBe(
      404,
    );
    expect((await complete(requestId)).status).toBe(409);
  });
});

describe("the requests of a closed customer", () => {
  beforeAll(async () => {
    await getDb().execute(sql`UPDATE customers SET status = 'closed' WHERE id = ${CAROL}::uuid`);
  });

  it("cannot be made", async () => {
    const result = await ask("carol");
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("customer_closed");
  });
});
