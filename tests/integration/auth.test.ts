import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { GET as getCustomer } from "@/app/api/customer/route";
import { callRoute } from "./support/routes";
import { accessToken, passwordGrant, signWithRealmKey } from "./support/tokens";

const ALICE_SUBJECT = "f6957418-3943-44db-a219-94c7a4610495";

function expectProblem(
  result: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
) {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  expect(result.body).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(result.body.requestId).toEqual(expect.any(String));
}

describe("bearer tokens on the customer API", () => {
  it("accepts a valid access token from the customer realm", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("alice"),
    });
    expect(result.status).toBe(200);
    expect(result.body.firstName).toBe("John");
  });

  it("answers 401 without any credentials", async () => {
    const result = await callRoute(getCustomer, "/api/customer");
    expectProblem(result, 401, "unauthenticated");
    expect(result.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("answers 401 to an expired token signed with the realm's own key", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signWithRealmKey(
      "ossrep",
      { sub: ALICE_SUBJECT, typ: "Bearer", azp: "portal-cli", preferred_username: "alice" },
      { issuedAt: now - 900, expiresAt: now - 600 },
    );
    const result = await callRoute(getCustomer, "/api/customer", { token });
    expectProblem(result, 401, "invalid_token");
    expect(result.body.detail).toMatch(/expired/);
  });

  it("keeps accepting a verified token only until it expires", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signWithRealmKey(
      "ossrep",
      { sub: ALICE_SUBJECT, typ: "Bearer", azp: "portal-cli", preferred_username: "alice" },
      { issuedAt: now, expiresAt: now + 2 },
    );
    expect((await callRoute(getCustomer, "/api/customer", { token })).status).toBe(200);
    expect((await callRoute(getCustomer, "/api/customer", { token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const result = await callRoute(getCustomer, "/api/customer", { token });
    expectProblem(result, 401, "invalid_token");
  });

  it("answers 401 to a token whose payload was altered after signing", async () => {
    const [header, payload, signature] = (await accessToken("alice")).split(".");
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString());
    claims.sub = "5dc26597-1e83-4d66-8b83-0bfe75e59482";
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    const result = await callRoute(getCustomer, "/api/customer", { token: forged });
    expectProblem(result, 401, "invalid_token");
  });

  it("answers 401 to a token from an issuer it does not trust", async () => {
    const token = await signWithRealmKey(
      "ossrep",
      { sub: ALICE_SUBJECT, typ: "Bearer", azp: "portal-cli" },
      { issuer: "http://127.0.0.1:1/realms/ossrep" },
    );
    const result = await callRoute(getCustomer, "/api/customer", { token });
    expectProblem(result, 401, "invalid_token");
    expect(result.body.detail).toMatch(/trusted realm/);
  });

  it("answers 401 to a token that names our issuer but is signed with another key", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({ sub: ALICE_SUBJECT, typ: "Bearer", azp: "portal-cli" })
      .setProtectedHeader({ alg: "RS256", kid: "someone-else" })
      .setIssuer(process.env.KEYCLOAK_ISSUER as string)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    const result = await callRoute(getCustomer, "/api/customer", { token });
    expectProblem(result, 401, "invalid_token");
  });

  it("refuses an ID token used as an access token", async () => {
    const { id_token } = await passwordGrant("alice");
    expect(id_token).toEqual(expect.any(String));
    const result = await callRoute(getCustomer, "/api/customer", { token: id_token });
    expectProblem(result, 401, "invalid_token");
  });

  it("answers 401 to an Authorization header that is not a bearer token", async () => {
    const result = await callRoute(getCustomer, "/api/customer", {
      headers: { authorization: "Basic YWxpY2U6YWxpY2U=" },
    });
    expectProblem(result, 401, "invalid_token");
  });

  it("answers 403 to a valid staff token on a customer route", async () => {
    const token = await accessToken("jsmith", "ossrep-internal");
    const result = await callRoute(getCustomer, "/api/customer", { token });
    expectProblem(result, 403, "forbidden");
  });
});
