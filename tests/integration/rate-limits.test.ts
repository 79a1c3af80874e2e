import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as authGet } from "@/app/api/auth/[...nextauth]/route";
import { GET as exportOwn } from "@/app/api/customer/export/route";
import { PUT as putCustomer } from "@/app/api/customer/route";
import { GET as exportAny } from "@/app/api/staff/customers/[customerId]/export/route";
import { GET as openLink } from "@/app/invite/[token]/route";
import { customerId } from "@/db/seed/static";
import { accept } from "./support/invite-links";
import { limitTo, restoreLimits } from "./support/limits";
import { rest, staff } from "./support/rest";
import { type CallResult, callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

const TOM = customerId("tom-evans");

/** A refusal by a limit: 429 problem+json (PostgREST's error body on /api/rest) with when to retry. */
function expectLimited(result: CallResult, shape: "problem" | "postgrest" | "page" = "problem") {
  expect(result.status, result.text).toBe(429);
  expect(Number(result.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  if (shape === "problem") {
    expect(result.headers.get("content-type")).toBe("application/problem+json");
    expect(result.body).toMatchObject({ status: 429, code: "rate_limited" });
  } else if (shape === "postgrest") {
    expect(result.body).toMatchObject({ code: "rate_limited" });
  } else {
    expect(result.headers.get("content-type")).toContain("text/html");
    expect(result.text).toContain("Too many requests");
  }
}

const notLimited = (result: CallResult) => expect(result.status, result.text).not.toBe(429);

afterEach(restoreLimits);

describe("the sign-in limit", () => {
  // The realm sends the browser back here; a forged callback costs a point like a real one.
  const callback = (address: string) =>
    callRoute(authGet, "/api/auth/callback/keycloak?code=forged&state=forged", {
      headers: { "x-forwarded-for": address },
    });

  it("counts the realm's callbacks per address, and refuses past the limit", async () => {
    limitTo("RATE_LIMIT_SIGN_IN", "2/60");
    notLimited(await callback("203.0.113.10"));
    notLimited(await callback("203.0.113.10"));
    expectLimited(await callback("203.0.113.10"));
    // Another address has a count of its own.
    notLimited(await callback("203.0.113.11"));
  });

  it("is lifted by off", async () => {
    limitTo("RATE_LIMIT_SIGN_IN", "off");
    for (let i = 0; i < 4; i++) notLimited(await callback("203.0.113.12"));
  });
});

describe("per-person limits", () => {
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    alice = await signInWithSession("alice");
    bob = await signInWithSession("bob");
  });

  it("limit accepting invitations, per signed-in person, and off lifts the limit", async () => {
    limitTo("RATE_LIMIT_INVITE", "2/60");
    // A token no invitation has: the limit is taken before the link is looked up.
    const unknown = "x".repeat(43);
    notLimited(await accept(unknown, alice));
    notLimited(await accept(unknown, alice));
    expectLimited(await accept(unknown, alice), "page");
    notLimited(await accept(unknown, bob));
    limitTo("RATE_LIMIT_INVITE", "off");
    notLimited(await accept(unknown, alice));
  });

  it("limit a customer's export, per customer, and off lifts the limit", async () => {
    limitTo("RATE_LIMIT_EXPORT", "2/3600");
    const own = async (user: string) =>
      callRoute(exportOwn, "/api/customer/export", { token: await accessToken(user) });
    expect((await own("alice")).status).toBe(200);
    expect((await own("alice")).status).toBe(200);
    expectLimited(await own("alice"));
    expect((await own("tom")).status).toBe(200);
    limitTo("RATE_LIMIT_EXPORT", "off");
    expect((await own("alice")).status).toBe(200);
  });

  it("limit staff exports, per member of staff, and off lifts the limit", async () => {
    limitTo("RATE_LIMIT_EXPORT", "1/3600");
    const any = async (token: string) =>
      callRoute(exportAny, `/api/staff/customers/${TOM}/export`, {
        token,
        params: { customerId: TOM },
      });
    expect((await any(await staff.csr())).status).toBe(200);
    expectLimited(await any(await staff.csr()));
    expect((await any(await staff.supervisor())).status).toBe(200);
    limitTo("RATE_LIMIT_EXPORT", "off");
    expect((await any(await staff.csr())).status).toBe(200);
  });

  it("limit cookie writes, per person, and off lifts the limit", async () => {
    limitTo("RATE_LIMIT_WRITE", "2/60");
    const write = (cookie: string, body: Record<string, string>) =>
      callRoute(putCustomer, "/api/customer", { method: "PUT", headers: { cookie }, body });
    const john = { firstName: "John" };
    expect((await write(alice, john)).status).toBe(200);
    expect((await write(alice, john)).status).toBe(200);
    expectLimited(await write(alice, john));
    expect((await write(bob, { businessName: "Acme Corporation" })).status).toBe(200);
    limitTo("RATE_LIMIT_WRITE", "off");
    expect((await write(alice, john)).status).toBe(200);
  });

  it("limit the admin API, in PostgREST's error shape, and off lifts the limit", async () => {
    limitTo("RATE_LIMIT_REST", "2/60");
    const admin = await staff.admin();
    const read = (token: string) => rest("GET", "customers?select=id&limit=1", { token });
    expect((await read(admin)).status).toBe(200);
    expect((await read(admin)).status).toBe(200);
    expectLimited(await read(admin), "postgrest");
    expect((await read(await staff.csr())).status).not.toBe(429);
    limitTo("RATE_LIMIT_REST", "off");
    expect((await read(admin)).status).toBe(200);
  });

  it("count anonymous callers by address: opening invitation links", async () => {
    limitTo("RATE_LIMIT_INVITE", "1/60");
    const token = "y".repeat(43);
    const open = (address: string) =>
      callRoute(openLink, `/invite/${token}`, {
        params: { token },
        headers: { "x-forwarded-for": address, accept: "text/html" },
      });
    notLimited(await open("198.51.100.1"));
    expectLimited(await open("198.51.100.1"), "page");
    notLimited(await open("198.51.100.2"));
  });
});
