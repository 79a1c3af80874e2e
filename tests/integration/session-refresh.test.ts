import { NextRequest } from "next/server";
import { encode, getToken, type JWT } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getCustomer } from "@/app/api/customer/route";
import { handlers } from "@/auth";
import { callRoute } from "./support/routes";
import { PORTAL_ORIGIN, signInWithSession } from "./support/session";

const COOKIE = "authjs.session-token";
const secret = () => process.env.AUTH_SECRET as string;

async function sessionOf(cookie: string): Promise<JWT> {
  const token = await getToken({
    req: { headers: { cookie } },
    secret: secret(),
    secureCookie: false,
  });
  if (!token) throw new Error("No session in the cookie");
  return token;
}

/** The same session as if its access token had lapsed a minute ago. */
async function lapsed(token: JWT, changes: Partial<JWT> = {}): Promise<string> {
  const value = await encode({
    token: { ...token, expiresAt: Math.floor(Date.now() / 1000) - 60, ...changes },
    secret: secret(),
    salt: COOKIE,
  });
  return `${COOKIE}=${value}`;
}

async function readSession(cookie: string) {
  const response = await handlers.GET(
    new NextRequest(new URL("/api/auth/session", PORTAL_ORIGIN), { headers: { cookie } }),
  );
  const renewed = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c.startsWith(COOKIE))
    .join("; ");
  return { session: await response.json(), cookie: renewed };
}

describe("session refresh", () => {
  let signedIn: JWT;

  beforeAll(async () => {
    signedIn = await sessionOf(await signInWithSession("alice"));
  });

  it("keeps the customer id, roles and realm in the session", () => {
    expect(signedIn).toMatchObject({
      audience: "customer",
      realm: "ossrep",
      username: "alice",
      customerId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      roles: expect.arrayContaining(["customer"]),
    });
  });

  it("exchanges the refresh token at the realm when the access token lapses", async () => {
    const { session, cookie } = await readSession(await lapsed(signedIn));
    expect(session.error).toBeUndefined();
    expect(session.user.customerId).toBe(signedIn.customerId);
    const renewed = await sessionOf(cookie);
    expect(renewed.accessToken).not.toBe(signedIn.accessToken);
    expect(renewed.expiresAt).toBeGreaterThan(Date.now() / 1000);
    const api = await callRoute(getCustomer, "/api/customer", { token: renewed.accessToken });
    expect(api.status).toBe(200);
  });

  it("marks the session when the realm refuses the refresh, and the API then answers 401", async () => {
    const { session, cookie } = await readSession(
      await lapsed(signedIn, { refreshToken: "revoked-or-forged" }),
    );
    expect(session.error).toBe("RefreshTokenError");
    const api = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
    expect(api.status).toBe(401);
  });

  describe("the API, as pages do", () => {
    const renewedCookie = (headers: Headers) =>
      headers
        .getSetCookie()
        .map((c) => c.split(";")[0] ?? "")
        .find((c) => c.startsWith(`${COOKIE}=`));

    it("answers 401 to a lapsed session whose refresh the realm refuses, and stores the refusal", async () => {
      const cookie = await lapsed(signedIn, { refreshToken: "revoked-or-forged" });
      const api = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
      expect(api.status).toBe(401);
      expect(api.body).toMatchObject({ code: "unauthenticated" });
      const stored = renewedCookie(api.headers);
      expect(stored).toBeDefined();
      expect((await sessionOf(stored as string)).error).toBe("RefreshTokenError");
    });

    it("answers 401 to a lapsed session with no refresh token", async () => {
      const cookie = await lapsed(signedIn, { refreshToken: undefined });
      const api = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
      expect(api.status).toBe(401);
    });

    it("refreshes a lapsed session at the realm, serves the request and stores the new tokens", async () => {
      const api = await callRoute(getCustomer, "/api/customer", {
        headers: { cookie: await lapsed(signedIn) },
      });
      expect(api.status).toBe(200);
      const renewed = await sessionOf(renewedCookie(api.headers) as string);
      expect(renewed.error).toBeUndefined();
      expect(renewed.accessToken).not.toBe(signedIn.accessToken);
      expect(renewed.expiresAt).toBeGreaterThan(Date.now() / 1000);
      expect(renewed.sessionId).toBe(signedIn.sessionId);
    });

    it("stores a long session in chunks as Auth.js does, clearing the single cookie it replaces", async () => {
      // A long name makes the session too long for one cookie.
      const long = await lapsed(signedIn, { givenName: "G".repeat(3000) });
      const api = await callRoute(getCustomer, "/api/customer", { headers: { cookie: long } });
      expect(api.status).toBe(200);
      const written = api.headers.getSetCookie();
      const chunks = written.filter((c) => /^authjs\.session-token\.\d=/.test(c));
      expect(chunks.length).toBeGreaterThan(1);
      expect(written).toContainEqual(expect.stringMatching(/^authjs\.session-token=; .*Max-Age=0/));
      const renewed = await sessionOf(chunks.map((c) => c.split(";")[0]).join("; "));
      expect(renewed.givenName).toBe("G".repeat(3000));
      expect(renewed.accessToken).not.toBe(signedIn.accessToken);
    });

    it("leaves a fresh session's cookie alone", async () => {
      const cookie = await lapsed(signedIn, { expiresAt: Math.floor(Date.now() / 1000) + 600 });
      const api = await callRoute(getCustomer, "/api/customer", { headers: { cookie } });
      expect(api.status).toBe(200);
      expect(renewedCookie(api.headers)).toBeUndefined();
    });
  });
});
