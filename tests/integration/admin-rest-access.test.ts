import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { customerId } from "@/db/seed/static";
import { read, rest, staff } from "./support/rest";
import { accessToken, signWithRealmKey } from "./support/tokens";

const JOHN = customerId("john-smith");

/** An Auth.js session cookie, as the portal's sign-in would set it. */
async function sessionCookie(claims: Record<string, unknown>): Promise<string> {
  const name = "authjs.session-token";
  const value = await encode({
    token: { sub: claims.subject as string, ...claims },
    secret: process.env.AUTH_SECRET as string,
    salt: name,
  });
  return `${name}=${value}`;
}

describe("who may use the admin API", () => {
  it.each(["admin", "csr", "supervisor", "readonly"] as const)(
    "%s staff may read",
    async (role) => {
      const result = await rest("GET", `customers?select=name&id=eq.${JOHN}`, {
        token: await staff[role](),
      });
      expect(result.status).toBe(200);
      expect(result.body).toEqual([{ name: "John Smith" }]);
    },
  );

  it.each(["csr", "supervisor", "readonly"] as const)(
    "%s staff may not write: 403 42501, and nothing changes",
    async (role) => {
      const token = await staff[role]();
      const attempts = [
        rest("POST", "customers", {
          token,
          body: { email: `${role}@example.com`, name: "Any One" },
        }),
        rest("PATCH", `customers?id=eq.${JOHN}`, { token, body: { phone: null } }),
        rest("DELETE", `customer_accounts?customer_id=eq.${JOHN}`, { token }),
      ];
      for (const result of await Promise.all(attempts)) {
        expect(result.status).toBe(403);
        expect(result.body).toEqual({
          code: "42501",
          message: expect.stringMatching(
            /^permission denied for table (customers|customer_accounts)$/,
          ),
          details: null,
          hint: null,
        });
      }
      const [john] = await read(`customers?id=eq.${JOHN}&select=phone,customer_accounts(role)`);
      expect(john).toEqual({ phone: "+19725550142", customer_accounts: [{ role: "occupier" }] });
      expect(await read(`customers?email=eq.${role}@example.com`)).toEqual([]);
    },
  );

  it("admins may write", async () => {
    const result = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      token: await staff.admin(),
      body: { phone: "+1 972 555 0143" },
      headers: { prefer: "return=representation" },
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject([{ phone: "+19725550143" }]);
  });

  it("customers get nothing, not even which tables exist", async () => {
    const token = await accessToken("alice");
    for (const [method, path] of [
      ["GET", "customers"],
      ["GET", `customers?id=eq.${JOHN}`],
      ["POST", "customers"],
      ["GET", "no_such_table"],
    ] as const) {
      const result = await rest(method, path, { token, body: method === "POST" ? {} : undefined });
      expect(result.status).toBe(403);
      expect(result.body).toMatchObject({
        code: "42501",
        message: "permission denied for schema public",
      });
    }
  });

  it("answers 401 without credentials, and for a token that does not verify", async () => {
    const anonymous = await rest("GET", "customers", { anonymous: true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({
      code: "PGRST302",
      message: "Anonymous access is disabled",
    });
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithRealmKey(
      "ossrep-internal",
      {
        sub: "0636f585-8b43-4107-925c-00a4002d12d4",
        typ: "Bearer",
        azp: "portal-cli",
        realm_access: { roles: ["admin"] },
      },
      { issuedAt: now - 900, expiresAt: now - 600 },
    );
    const result = await rest("DELETE", `customers?id=eq.${JOHN}`, { token: expired });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({
      code: "PGRST301",
      message: "The access token has expired.",
    });
  });

  it("accepts the portal's session cookie as well as a bearer token", async () => {
    const admin = await sessionCookie({
      subject: "0636f585-8b43-4107-925c-00a4002d12d4",
      username: "admin",
      audience: "staff",
      realm: "ossrep-internal",
      roles: ["admin"],
    });
    const readAsAdmin = await rest("GET", `customers?select=name&id=eq.${JOHN}`, {
      anonymous: true,
      headers: { cookie: admin },
    });
    expect(readAsAdmin.status).toBe(200);
    const csr = await sessionCookie({
      subject: "b0942fee-c41b-4d94-875f-023e0f459099",
      username: "jsmith",
      audience: "staff",
      realm: "ossrep-internal",
      roles: ["csr"],
    });
    const writeAsCsr = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      anonymous: true,
      headers: { cookie: csr },
      body: { phone: null },
    });
    expect(writeAsCsr.status).toBe(403);
  });

  it("attributes admin writes to the admin in the audit trail", async () => {
    await rest("PATCH", `customers?id=eq.${JOHN}`, { body: { phone: "+1 972 555 0144" } });
    const [entry] = await read(
      `customer_events?customer_id=eq.${JOHN}&type=eq.ProfileUpdated&order=id.desc&limit=1`,
    );
    expect(entry).toMatchObject({
      actor_type: "admin",
      actor_id: "0636f585-8b43-4107-925c-00a4002d12d4",
      data: { changes: { phone: { to: "+19725550144" } } },
    });
  });
});
