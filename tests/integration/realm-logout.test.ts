import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as backchannelLogout } from "@/app/api/auth/backchannel-logout/route";
import { GET as getCustomer } from "@/app/api/customer/route";
import { getDb, queryRows } from "@/db/client";
import { logoutTokenUses } from "@/db/schema";
import { REALMS_DIR, type RealmDefinition } from "@/idp/realm";
import { type Idp, startIdp } from "@/idp/server";
import { callRoute } from "./support/routes";
import { logOutAtRealm, PORTAL_ORIGIN, signInWithRealmSession } from "./support/session";
import { signWithRealmKey } from "./support/tokens";

const ALICE_ID = "f6957418-3943-44db-a219-94c7a4610495";
const EVENT = { "http://schemas.openid.net/event/backchannel-logout": {} };

/**
 * OpenID Connect back-channel logout, end to end: the realm posts its logout token to the
 * portal's endpoint, served here in-process. The realm runs on an identity provider of its own
 * (the suite's one cannot reach this process), so this file points the portal at it.
 */
describe("logout at the realm", () => {
  let workDir: string;
  let idp: Idp;
  let portal: Server;
  const answers: number[] = [];

  beforeAll(async () => {
    portal = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request = new NextRequest(new URL(req.url ?? "/", PORTAL_ORIGIN), {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "" },
        body: Buffer.concat(chunks),
      });
      const response = await backchannelLogout(request, { params: Promise.resolve({}) });
      answers.push(response.status);
      res.writeHead(response.status);
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => portal.listen(0, "127.0.0.1", resolve));
    const { port } = portal.address() as AddressInfo;

    workDir = await mkdtemp(path.join(tmpdir(), "idp-logout-"));
    const realmsDir = path.join(workDir, "realms");
    await mkdir(realmsDir);
    for (const file of ["ossrep.json", "ossrep-internal.json"]) {
      const realm = JSON.parse(
        await readFile(path.join(REALMS_DIR, file), "utf8"),
      ) as RealmDefinition;
      const clients = realm.clients.map((client) => {
        const url = client.attributes?.["backchannel.logout.url"];
        if (!url) return client;
        expect(url).toBe("/api/auth/backchannel-logout");
        const attributes = {
          ...client.attributes,
          "backchannel.logout.url": `http://127.0.0.1:${port}${url}`,
        };
        return { ...client, attributes };
      });
      // A user allowed to end others' sessions through Keycloak's admin API.
      const users =
        file === "ossrep.json"
          ? [
              ...realm.users,
              {
                id: "7d0f8a9e-3c1b-4e52-9a77-0c5a5d2f1e01",
                username: "realm-admin",
                enabled: true,
                emailVerified: true,
                credentials: [{ type: "password", value: "realm-admin" }],
                clientRoles: { "realm-management": ["manage-users"] },
              },
            ]
          : realm.users;
      await writeFile(path.join(realmsDir, file), JSON.stringify({ ...realm, clients, users }));
    }
    idp = await startIdp({
      port: 0,
      dataDir: path.join(workDir, "idp"),
      realmsDir,
      portalUrl: PORTAL_ORIGIN,
      clientSecret: process.env.KEYCLOAK_CLIENT_SECRET,
      quiet: true,
    });
    process.env.KEYCLOAK_ISSUER = idp.issuer("ossrep");
    process.env.KEYCLOAK_STAFF_ISSUER = idp.issuer("ossrep-internal");
    process.env.IDP_DATA_DIR = path.join(workDir, "idp");
  });

  afterAll(async () => {
    await idp?.close();
    await new Promise((resolve) => portal?.close(resolve));
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function idTokenOf(cookie: string): Promise<string> {
    const token = await getToken({
      req: { headers: { cookie } },
      secret: process.env.AUTH_SECRET as string,
      secureCookie: false,
    });
    if (!token?.idToken) throw new Error("The session keeps no ID token");
    return token.idToken;
  }

  const customer = (cookie: string) =>
    callRoute(getCustomer, "/api/customer", { headers: { cookie } });

  it("revokes the portal session of that realm session at once, and no other", async () => {
    const here = await signInWithRealmSession("alice");
    const elsewhere = await signInWithRealmSession("alice");
    expect((await customer(here.cookie)).status).toBe(200);
    expect((await customer(elsewhere.cookie)).status).toBe(200);

    const logout = await logOutAtRealm(
      idp.issuer("ossrep"),
      here.realmCookie,
      await idTokenOf(here.cookie),
    );
    expect(logout.status).toBe(303);
    expect(answers).toEqual([200]);

    const refused = await customer(here.cookie);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: "unauthenticated" });
    expect((await customer(elsewhere.cookie)).status).toBe(200);
  });

  describe("sessions ended through the realm's admin API", () => {
    async function adminToken(username: string): Promise<string> {
      const response = await fetch(`${idp.issuer("ossrep")}/protocol/openid-connect/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "password",
          client_id: "portal-cli",
          username,
          password: username,
        }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    }
    const admin = (method: string, route: string, token: string) =>
      fetch(`${idp.url}/admin/realms/ossrep${route}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });

    it("refuses callers without realm-management's manage-users", async () => {
      expect((await admin("POST", `/users/${ALICE_ID}/logout`, "not-a-token")).status).toBe(401);
      expect(
        (await admin("POST", `/users/${ALICE_ID}/logout`, await adminToken("bob"))).status,
      ).toBe(403);
    });

    it("ending one session (by sid) revokes the portal session behind it, at once", async () => {
      const here = await signInWithRealmSession("alice");
      const elsewhere = await signInWithRealmSession("alice");
      const sid = (
        await getToken({
          req: { headers: { cookie: here.cookie } },
          secret: process.env.AUTH_SECRET as string,
          secureCookie: false,
        })
      )?.idpSessionId as string;
      expect(sid).toEqual(expect.any(String));
      const before = answers.length;
      const ended = await admin("DELETE", `/sessions/${sid}`, await adminToken("realm-admin"));
      expect(ended.status).toBe(204);
      expect(answers.slice(before)).toEqual([200]);
      expect((await customer(here.cookie)).status).toBe(401);
      expect((await customer(elsewhere.cookie)).status).toBe(200);
      expect(
        (await admin("DELETE", `/sessions/${sid}`, await adminToken("realm-admin"))).status,
      ).toBe(404);
    });

    it("logging a user out ends every session of theirs", async () => {
      const one = await signInWithRealmSession("alice");
      const two = await signInWithRealmSession("alice");
      const bob = await signInWithRealmSession("bob");
      const ended = await admin(
        "POST",
        `/users/${ALICE_ID}/logout`,
        await adminToken("realm-admin"),
      );
      expect(ended.status).toBe(204);
      expect((await customer(one.cookie)).status).toBe(401);
      expect((await customer(two.cookie)).status).toBe(401);
      expect((await customer(bob.cookie)).status).toBe(200);
    });
  });

  describe("refuses a bad logout token with 400", () => {
    const post = (body: string, type = "application/x-www-form-urlencoded") =>
      callRoute(backchannelLogout, "/api/auth/backchannel-logout", {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
    const signed = (claims: Record<string, unknown>) =>
      signWithRealmKey("ossrep", { aud: "portal", jti: crypto.randomUUID(), ...claims });

    it("without a token, or with one that is not a JWT", async () => {
      expect((await post("")).status).toBe(400);
      expect((await post("logout_token=not-a-jwt")).status).toBe(400);
      expect((await post(JSON.stringify({ logout_token: "x" }), "application/json")).status).toBe(
        400,
      );
    });

    it.each([
      ["for another client", { aud: "portal-cli", sub: ALICE_ID, sid: "s1", events: EVENT }],
      ["without the logout event", { sub: ALICE_ID, sid: "s1" }],
      ["with a nonce", { sub: ALICE_ID, sid: "s1", events: EVENT, nonce: "n" }],
      ["naming neither session nor user", { events: EVENT }],
    ])("%s", async (_, claims) => {
      const response = await post(`logout_token=${await signed(claims)}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: "bad_request" });
    });

    it("issued too long ago to be a logout happening now", async () => {
      const now = Math.floor(Date.now() / 1000);
      const stale = await signWithRealmKey(
        "ossrep",
        { aud: "portal", jti: crypto.randomUUID(), sub: ALICE_ID, sid: "s1", events: EVENT },
        { issuedAt: now - 600, expiresAt: now + 600 },
      );
      expect((await post(`logout_token=${stale}`)).status).toBe(400);
    });

    it("signed by someone else", async () => {
      const forged = await signed({ sub: ALICE_ID, sid: "s1", events: EVENT });
      const [header, payload] = forged.split(".");
      const response = await post(`logout_token=${header}.${payload}.${"A".repeat(342)}`);
      expect(response.status).toBe(400);
    });

    it("accepts a good one, with no cookie and no Origin (server to server)", async () => {
      const response = await post(
        `logout_token=${await signed({ sub: ALICE_ID, sid: "unknown-sid", events: EVENT })}`,
      );
      expect(response.status).toBe(200);
    });

    it("posted a second time: a replay, whichever instance receives it", async () => {
      const jti = crypto.randomUUID();
      const token = await signed({ jti, sub: ALICE_ID, sid: "replayed-sid", events: EVENT });
      expect((await post(`logout_token=${token}`)).status).toBe(200);
      const replay = await post(`logout_token=${token}`);
      expect(replay.status).toBe(400);
      expect(replay.body).toMatchObject({
        code: "bad_request",
        detail: "The logout token has been used before.",
      });
      // The first post revoked the realm session once; the replay added nothing.
      const revocations = await queryRows<{ n: number }>(
        getDb(),
        sql`SELECT count(*)::int AS n FROM session_revocations
            WHERE scope = 'realm_session' AND value = 'replayed-sid'`,
      );
      expect(revocations).toEqual([{ n: 1 }]);
    });

    it("remembered until too old to be accepted; older ones are purged by the next", async () => {
      const expired = crypto.randomUUID();
      await getDb()
        .insert(logoutTokenUses)
        .values({
          issuer: "https://old.example/realms/ossrep",
          jti: expired,
          expiresAt: new Date(Date.now() - 1000),
        });
      const jti = crypto.randomUUID();
      const before = Date.now();
      const token = await signed({ jti, sub: ALICE_ID, sid: "s1", events: EVENT });
      expect((await post(`logout_token=${token}`)).status).toBe(200);
      const rows = await queryRows<{ jti: string; expires_at: string }>(
        getDb(),
        sql`SELECT jti, expires_at::text FROM logout_token_uses
            WHERE jti IN (${expired}, ${jti})`,
      );
      expect(rows.map((r) => r.jti)).toEqual([jti]);
      // iat has whole seconds: the token lives five minutes from then.
      const expiresAt = new Date(rows[0]?.expires_at ?? "").getTime();
      expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 300_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    });
  });
});
