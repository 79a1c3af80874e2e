import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadedRealm, loadRealm, REALMS_DIR } from "../../idp/realm";
import { type Idp, loadRealmSigningKey, startIdp } from "../../idp/server";
import { verificationLink } from "./support/realm-mail";

const PORTAL = "http://127.0.0.1:3000";
const SECOND_PORTAL = "http://localhost:3100";
const SECRET = "integration-secret";
const ALICE_ID = "f6957418-3943-44db-a219-94c7a4610495";
const ADMIN_ID = "0636f585-8b43-4107-925c-00a4002d12d4";
const CALLBACK = `${PORTAL}/api/auth/callback/keycloak`;
const SERVICE_CLIENTS = [
  {
    clientId: "meter-service",
    accountId: "343f6b6b-5e17-4a6d-8a59-91162fa4850f",
    role: "meter-feed",
  },
  {
    clientId: "billing-service",
    accountId: "4f5bf5f9-83a5-434e-8956-3c0e87a9852a",
    role: "billing-feed",
  },
];

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_expires_in: number;
  refresh_token: string;
  token_type: string;
  id_token?: string;
  scope: string;
  error?: string;
  error_description?: string;
}

/** Just enough of a browser cookie store to carry the IdP's session across requests. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const separator = pair.indexOf("=");
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      let cookiePath = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [key = "", attributeValue = ""] = attribute.split("=");
        const lower = key.trim().toLowerCase();
        if (lower === "path") cookiePath = attributeValue.trim();
        if (lower === "expires" && Date.parse(attributeValue) <= Date.now()) expired = true;
        if (lower === "max-age" && Number(attributeValue) <= 0) expired = true;
      }
      const key = `${name};${cookiePath}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path: cookiePath });
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter(({ path: p }) => pathname === p || pathname.startsWith(p.endsWith("/") ? p : `${p}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }

  names(): string[] {
    return [...this.cookies.values()].map(({ name }) => name);
  }
}

class Browser {
  readonly jar = new CookieJar();

  constructor(private readonly idpUrl: string) {}

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  /** Follows redirects within the IdP; stops at the first redirect leaving it. */
  async follow(url: string, init?: RequestInit): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    while (response.status >= 300 && response.status < 400) {
      const location = new URL(response.headers.get("location") ?? "", current).href;
      if (!location.startsWith(this.idpUrl)) return { response, url: location };
      current = location;
      response = await this.request(current);
    }
    return { response, url: current };
  }

  async submit(url: string, fields: Record<string, string>) {
    return this.follow(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  }
}

function formAction(html: string, formId: string, base: string): string {
  const match = new RegExp(`<form id="${formId}" method="post" action="([^"]+)"`).exec(html);
  if (!match?.[1]) throw new Error(`form ${formId} not found`);
  return new URL(match[1].replaceAll("&amp;", "&"), base).href;
}

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  return { verifier, challenge };
}

const basic = (clientId: string, secret: string) =>
  `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;

async function tokenRequest(
  issuer: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: TokenResponse }> {
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

/** The client-credentials grant, authenticating with HTTP Basic or with form parameters. */
const clientCredentials = (
  issuer: string,
  clientId: string,
  secret: string,
  via: "basic" | "post",
) =>
  via === "basic"
    ? tokenRequest(
        issuer,
        { grant_type: "client_credentials" },
        { authorization: basic(clientId, secret) },
      )
    : tokenRequest(issuer, {
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: secret,
      });

const passwordGrant = (issuer: string, username: string, password: string) =>
  tokenRequest(issuer, {
    grant_type: "password",
    client_id: "portal-cli",
    username,
    password,
    scope: "openid",
  });

/** Drives the browser part of the code flow up to the login page. */
async function startLogin(browser: Browser, issuer: string, callback = CALLBACK) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(8).toString("hex");
  const authorize = new URL(`${issuer}/protocol/openid-connect/auth`);
  authorize.search = new URLSearchParams({
    client_id: "portal",
    response_type: "code",
    scope: "openid profile email",
    redirect_uri: callback,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();
  const { response, url } = await browser.follow(authorize.href);
  return { response, url, html: await response.text(), verifier, state };
}

/** Opens the registration form from the login page and returns its action URL. */
async function openRegistration(browser: Browser, issuer: string) {
  const login = await startLogin(browser, issuer);
  const link = /<a id="kc-register-link" href="([^"]+)">Register<\/a>/.exec(login.html)?.[1];
  if (!link) throw new Error("no registration link on the login page");
  const form = await browser.follow(new URL(link, login.url).href);
  const html = await form.response.text();
  return { login, html, action: formAction(html, "kc-register-form", form.url) };
}

describe("idp (Keycloak-compatible realm server)", () => {
  let idp: Idp;
  let dataDir: string;
  let customers: string;
  let staff: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "idp-test-"));
    idp = await startIdp({
      port: 0,
      dataDir,
      portalUrl: `${PORTAL},${SECOND_PORTAL}`,
      clientSecret: SECRET,
      accessTokenTtl: 300,
      quiet: true,
    });
    customers = idp.issuer("ossrep");
    staff = idp.issuer("ossrep-internal");
  });

  afterAll(async () => {
    await idp?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function exchangeCode(callbackUrl: string, verifier: string, state: string) {
    const callback = new URL(callbackUrl);
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("iss")).toBe(customers);
    const code = callback.searchParams.get("code");
    expect(code).toBeTruthy();
    return tokenRequest(
      customers,
      {
        grant_type: "authorization_code",
        code: code ?? "",
        redirect_uri: `${callback.origin}${callback.pathname}`,
        code_verifier: verifier,
      },
      { authorization: basic("portal", SECRET) },
    );
  }

  async function signIn(browser: Browser, username: string, password: string) {
    const login = await startLogin(browser, customers);
    const action = formAction(login.html, "kc-form-login", login.url);
    const done = await browser.submit(action, { username, password });
    expect(done.response.status).toBe(303);
    expect(done.url.startsWith(CALLBACK)).toBe(true);
    const { status, body } = await exchangeCode(done.url, login.verifier, login.state);
    expect(status).toBe(200);
    return body;
  }

  it("answers health checks and 404s unknown paths", async () => {
    const health = await fetch(`${idp.url}/health/ready`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "UP" });
    expect((await fetch(`${idp.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${idp.url}/realms/unknown/.well-known/openid-configuration`)).status).toBe(
      404,
    );
    expect((await fetch(`${customers}/protocol/openid-connect/nothing`)).status).toBe(404);
  });

  it("publishes discovery documents with Keycloak's endpoint layout", async () => {
    for (const issuer of [customers, staff]) {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      const discovery = (await response.json()) as Record<string, unknown>;
      const oidc = `${issuer}/protocol/openid-connect`;
      expect(discovery).toMatchObject({
        issuer,
        authorization_endpoint: `${oidc}/auth`,
        token_endpoint: `${oidc}/token`,
        jwks_uri: `${oidc}/certs`,
        userinfo_endpoint: `${oidc}/userinfo`,
        end_session_endpoint: `${oidc}/logout`,
        revocation_endpoint: `${oidc}/revoke`,
        introspection_endpoint: `${oidc}/token/introspect`,
      });
      expect(discovery.grant_types_supported).toEqual(
        expect.arrayContaining(["authorization_code", "refresh_token", "password"]),
      );
      expect(discovery.code_challenge_methods_supported).toContain("S256");
    }
    expect(customers).toBe(`${idp.url}/realms/ossrep`);
  });

  it("issues Keycloak-shaped, verifiable JWTs through the password grant", async () => {
    const { status, body } = await passwordGrant(customers, "alice", "alice");
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 300, refresh_expires_in: 1800 });
    expect(body.refresh_token).toBeTruthy();
    expect(body.scope.split(" ")).toEqual(expect.arrayContaining(["openid", "profile", "email"]));

    const jwks = createRemoteJWKSet(new URL(`${customers}/protocol/openid-connect/certs`));
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer: customers,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256" });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      iss: customers,
      sub: ALICE_ID,
      azp: "portal-cli",
      typ: "Bearer",
      preferred_username: "alice",
      email: "john.smith@example.com",
      email_verified: true,
      name: "John Smith",
      given_name: "John",
      family_name: "Smith",
    });
    expect([payload.aud].flat()).toContain("account");
    expect((payload.realm_access as { roles: string[] }).roles).toContain("customer");
    expect(payload.jti).toBeTruthy();
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);

    const idToken = await jwtVerify(body.id_token ?? "", jwks, {
      issuer: customers,
      audience: "portal-cli",
    });
    expect(idToken.payload).toMatchObject({
      sub: ALICE_ID,
      typ: "ID",
      azp: "portal-cli",
      preferred_username: "alice",
    });
  });

  it("signs staff tokens with the staff realm's own issuer and keys", async () => {
    const { status, body } = await passwordGrant(staff, "admin", "admin");
    expect(status).toBe(200);
    const staffKeys = createRemoteJWKSet(new URL(`${staff}/protocol/openid-connect/certs`));
    const { payload } = await jwtVerify(body.access_token, staffKeys, { issuer: staff });
    expect(payload.sub).toBe(ADMIN_ID);
    expect((payload.realm_access as { roles: string[] }).roles).toEqual(["admin"]);

    const customerKeys = createRemoteJWKSet(new URL(`${customers}/protocol/openid-connect/certs`));
    await expect(jwtVerify(body.access_token, customerKeys)).rejects.toThrow();
  });

  it("accepts the email address as login and rejects bad credentials like Keycloak", async () => {
    const byEmail = await passwordGrant(customers, "John.Smith@example.com", "alice");
    expect(byEmail.status).toBe(200);
    expect(decodeJwt(byEmail.body.access_token).sub).toBe(ALICE_ID);

    const wrong = await passwordGrant(customers, "alice", "not-her-password");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      error: "invalid_grant",
      error_description: "Invalid user credentials",
    });
    const unknown = await passwordGrant(customers, "nobody", "x");
    expect(unknown.status).toBe(401);
  });

  it("refuses the password grant to clients without direct access grants", async () => {
    const { status, body } = await tokenRequest(
      customers,
      { grant_type: "password", username: "alice", password: "alice", scope: "openid" },
      { authorization: basic("portal", SECRET) },
    );
    expect(status).toBe(400);
    expect(body.error).toBe("unauthorized_client");
  });

  it("refreshes tokens issued by the password grant", async () => {
    const first = await passwordGrant(customers, "bob", "bob");
    const refreshed = await tokenRequest(customers, {
      grant_type: "refresh_token",
      client_id: "portal-cli",
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeTruthy();
    expect(refreshed.body.refresh_expires_in).toBe(1800);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(decodeJwt(refreshed.body.access_token)).toMatchObject({
      sub: "5dc26597-1e83-4d66-8b83-0bfe75e59482",
      preferred_username: "bob",
    });
    // Keycloak does not revoke a refresh token on use, so concurrent refreshes both succeed.
    const again = await tokenRequest(customers, {
      grant_type: "refresh_token",
      client_id: "portal-cli",
      refresh_token: first.body.refresh_token,
    });
    expect(again.status).toBe(200);
  });

  it("serves userinfo and introspection for JWT access tokens", async () => {
    const { body } = await passwordGrant(customers, "carol", "carol");
    const userinfo = await fetch(`${customers}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({
      sub: "a4843e11-29f2-4d7f-918f-c880aed3c993",
      preferred_username: "carol",
      realm_access: { roles: ["customer"] },
    });
    const anonymous = await fetch(`${customers}/protocol/openid-connect/userinfo`);
    expect(anonymous.status).toBe(401);

    const introspection = await fetch(`${customers}/protocol/openid-connect/token/introspect`, {
      method: "POST",
      headers: {
        authorization: basic("portal", SECRET),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: body.access_token }),
    });
    expect(await introspection.json()).toMatchObject({ active: true, username: "carol" });
  });

  it("runs the authorization code flow with PKCE through the login page", async () => {
    const browser = new Browser(idp.url);
    const login = await startLogin(browser, customers);
    expect(login.response.status).toBe(200);
    expect(login.url).toContain("/realms/ossrep/login-actions/");
    expect(login.html).toContain("<title>Sign in to your account</title>");
    expect(login.html).toContain("Energy Portal");
    expect(login.html).toMatch(/<label for="username">Username or email<\/label>/);
    expect(login.html).toMatch(/<label for="password">Password<\/label>/);
    expect(login.html).toContain(
      '<button id="kc-login" name="login" type="submit">Sign In</button>',
    );

    const done = await browser.submit(formAction(login.html, "kc-form-login", login.url), {
      username: "alice",
      password: "alice",
    });
    expect(done.url.startsWith(`${CALLBACK}?`)).toBe(true);
    const { status, body } = await exchangeCode(done.url, login.verifier, login.state);
    expect(status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(body.refresh_token).toBeTruthy();

    const jwks = createRemoteJWKSet(new URL(`${customers}/protocol/openid-connect/certs`));
    const idToken = await jwtVerify(body.id_token ?? "", jwks, {
      issuer: customers,
      audience: "portal",
    });
    expect(idToken.payload).toMatchObject({
      sub: ALICE_ID,
      typ: "ID",
      azp: "portal",
      email: "john.smith@example.com",
      realm_access: { roles: ["customer"] },
    });
    expect(idToken.payload.sid).toBeTruthy();
    expect(idToken.payload.auth_time).toBeTypeOf("number");
    const access = await jwtVerify(body.access_token, jwks, { issuer: customers });
    expect(access.payload).toMatchObject({
      sub: ALICE_ID,
      azp: "portal",
      sid: idToken.payload.sid,
    });

    // Auth.js may authenticate with client_secret_post when it refreshes.
    const refreshed = await tokenRequest(customers, {
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
      client_id: "portal",
      client_secret: SECRET,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.id_token).toBeTruthy();

    // A second authorization request is answered from the SSO session without a form.
    const again = await startLogin(browser, customers);
    expect(again.response.status).toBe(303);
    expect(again.url.startsWith(`${CALLBACK}?`)).toBe(true);

    // Realms keep separate sessions although they share a host.
    const staffLogin = await startLogin(
      browser,
      staff,
      `${PORTAL}/api/auth/callback/keycloak-staff`,
    );
    expect(staffLogin.response.status).toBe(200);
    expect(staffLogin.html).toContain('id="kc-form-login"');
    expect(staffLogin.html).toContain("Energy Portal staff");
    expect(staffLogin.html).not.toContain("Register");
  });

  it("shows the form again with an error after a wrong password", async () => {
    const browser = new Browser(idp.url);
    const login = await startLogin(browser, customers);
    const retry = await browser.submit(formAction(login.html, "kc-form-login", login.url), {
      username: "alice",
      password: "wrong",
    });
    expect(retry.response.status).toBe(200);
    const html = await retry.response.text();
    expect(html).toContain(
      '<span id="input-error" role="alert">Invalid username or password.</span>',
    );
    expect(html).toContain('value="alice"');

    const done = await browser.submit(formAction(html, "kc-form-login", retry.url), {
      username: "alice",
      password: "alice",
    });
    expect(done.url.startsWith(`${CALLBACK}?`)).toBe(true);
  });

  it("logs out via end_session without confirmation and forgets the session", async () => {
    const browser = new Browser(idp.url);
    const tokens = await signIn(browser, "dana", "dana");

    const logout = new URL(`${customers}/protocol/openid-connect/logout`);
    logout.search = new URLSearchParams({
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: `${PORTAL}/signin`,
      state: "bye",
    }).toString();
    const { response, url } = await browser.follow(logout.href);
    expect(response.status).toBe(303);
    expect(url).toBe(`${PORTAL}/signin?state=bye`);

    const afterLogout = await tokenRequest(
      customers,
      { grant_type: "refresh_token", refresh_token: tokens.refresh_token },
      { authorization: basic("portal", SECRET) },
    );
    expect(afterLogout.status).toBe(400);
    expect(afterLogout.body.error).toBe("invalid_grant");

    const next = await startLogin(browser, customers);
    expect(next.response.status).toBe(200);
    expect(next.html).toContain('id="kc-form-login"');
  });

  it("accepts every configured portal origin for redirects", async () => {
    const browser = new Browser(idp.url);
    const login = await startLogin(
      browser,
      customers,
      `${SECOND_PORTAL}/api/auth/callback/keycloak`,
    );
    expect(login.response.status).toBe(200);
    const rejected = await startLogin(new Browser(idp.url), customers, "http://evil.example/cb");
    expect(rejected.response.status).toBe(400);
  });

  it("registers new users from the login page and signs them in", async () => {
    const browser = new Browser(idp.url);
    const { login, html: formHtml, action } = await openRegistration(browser, customers);
    expect(formHtml).toContain("<title>Register</title>");
    for (const name of [
      "firstName",
      "lastName",
      "email",
      "username",
      "password",
      "password-confirm",
    ]) {
      expect(formHtml).toContain(`name="${name}"`);
    }
    expect(formHtml).toContain('<button id="kc-register" type="submit">Register</button>');

    const invalid = await browser.submit(action, {
      firstName: "Nina",
      lastName: "",
      email: "not-an-email",
      username: "ALICE",
      password: "secret-1",
      "password-confirm": "secret-2",
    });
    const invalidHtml = await invalid.response.text();
    expect(invalid.response.status).toBe(200);
    expect(invalidHtml).toContain("Please specify last name.");
    expect(invalidHtml).toContain("Invalid email address.");
    expect(invalidHtml).toContain("Username already exists.");
    expect(invalidHtml).toContain("Password confirmation doesn&#39;t match.");
    expect(invalidHtml).toContain('value="Nina"');

    const pending = await browser.submit(action, {
      firstName: "Nina",
      lastName: "Novak",
      email: "nina.novak@example.org",
      username: "nina",
      password: "nina-password",
      "password-confirm": "nina-password",
    });
    // The realm verifies the address first, as Keycloak's "Verify Email" required action does.
    expect(pending.response.status).toBe(200);
    expect(await pending.response.text()).toContain("You need to verify your email address");
    expect((await passwordGrant(customers, "nina", "nina-password")).body).toEqual({
      error: "invalid_grant",
      error_description: "Account is not fully set up",
    });
    const done = await browser.follow(await verificationLink(idp.url, "nina.novak@example.org"));
    expect(done.url.startsWith(`${CALLBACK}?`)).toBe(true);
    const { status, body } = await exchangeCode(done.url, login.verifier, login.state);
    expect(status).toBe(200);
    expect(decodeJwt(body.id_token ?? "")).toMatchObject({
      preferred_username: "nina",
      email_verified: true,
    });

    const viaCli = await passwordGrant(customers, "nina", "nina-password");
    expect(viaCli.status).toBe(200);
    const claims = decodeJwt(viaCli.body.access_token);
    expect(claims).toMatchObject({
      preferred_username: "nina",
      email: "nina.novak@example.org",
      name: "Nina Novak",
      realm_access: { roles: ["customer"] },
    });
    expect(claims.sub).toMatch(/^[0-9a-f-]{36}$/);

    const other = new Browser(idp.url);
    const again = await openRegistration(other, customers);
    const duplicate = await other.submit(again.action, {
      firstName: "Other",
      lastName: "Person",
      email: "NINA.NOVAK@example.org",
      username: "someone-else",
      password: "x",
      "password-confirm": "x",
    });
    expect(await duplicate.response.text()).toContain("Email already exists.");
  });

  describe("service accounts (client-credentials grant)", () => {
    it("issues service-account JWTs to both clients, via Basic or form auth", async () => {
      const discovery = await fetch(`${staff}/.well-known/openid-configuration`);
      expect(
        ((await discovery.json()) as { grant_types_supported: string[] }).grant_types_supported,
      ).toContain("client_credentials");
      const jwks = createRemoteJWKSet(new URL(`${staff}/protocol/openid-connect/certs`));

      for (const { clientId, accountId, role } of SERVICE_CLIENTS) {
        for (const via of ["basic", "post"] as const) {
          // In tests, as in the demo, the secret is the client id.
          const { status, body } = await clientCredentials(staff, clientId, clientId, via);
          expect(status, `${clientId} via ${via}`).toBe(200);
          expect(body).toMatchObject({
            token_type: "Bearer",
            expires_in: 300,
            refresh_expires_in: 0,
          });
          expect(body.refresh_token).toBeUndefined();
          expect(body.id_token).toBeUndefined();

          const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
            issuer: staff,
          });
          expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
          expect(payload).toMatchObject({
            iss: staff,
            sub: accountId,
            typ: "Bearer",
            azp: clientId,
            client_id: clientId,
            preferred_username: `service-account-${clientId}`,
            realm_access: { roles: [role] },
          });
          expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
          for (const claim of ["email", "email_verified", "name", "sid"]) {
            expect(payload).not.toHaveProperty(claim);
          }
        }
      }
    });

    it("lets a service client introspect its own token", async () => {
      const { body } = await clientCredentials(staff, "meter-service", "meter-service", "basic");
      const introspection = await fetch(`${staff}/protocol/openid-connect/token/introspect`, {
        method: "POST",
        headers: {
          authorization: basic("meter-service", "meter-service"),
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ token: body.access_token }),
      });
      expect(await introspection.json()).toMatchObject({
        active: true,
        client_id: "meter-service",
        username: "service-account-meter-service",
      });
    });

    it("answers a wrong client secret with 401 invalid_client", async () => {
      for (const via of ["basic", "post"] as const) {
        for (const secret of ["wrong", "billing-service"]) {
          const { status, body } = await clientCredentials(staff, "meter-service", secret, via);
          expect(status, `${secret} via ${via}`).toBe(401);
          expect(body.error).toBe("invalid_client");
          expect(body.access_token).toBeUndefined();
        }
      }
    });

    it("refuses the grant to clients without a service account, as Keycloak does", async () => {
      const confidential = await clientCredentials(staff, "portal", SECRET, "basic");
      expect(confidential.status).toBe(401);
      expect(confidential.body).toEqual({
        error: "unauthorized_client",
        error_description: "Client not enabled to retrieve service account",
      });
      const publicClient = await tokenRequest(staff, {
        grant_type: "client_credentials",
        client_id: "portal-cli",
      });
      expect(publicClient.status).toBe(401);
      expect(publicClient.body.error).toBe("unauthorized_client");
    });

    it("refuses the password grant to service clients (no direct access grants)", async () => {
      for (const username of ["jsmith", "service-account-meter-service"]) {
        const { status, body } = await tokenRequest(
          staff,
          { grant_type: "password", username, password: username, scope: "openid" },
          { authorization: basic("meter-service", "meter-service") },
        );
        expect(status).toBe(400);
        expect(body.error).toBe("unauthorized_client");
      }
    });

    it("never signs a service-account user in with a password", async () => {
      for (const password of ["service-account-meter-service", "meter-service", ""]) {
        const { status, body } = await passwordGrant(
          staff,
          "service-account-meter-service",
          password,
        );
        expect(status).toBe(401);
        expect(body).toEqual({
          error: "invalid_grant",
          error_description: "Invalid user credentials",
        });
      }

      const browser = new Browser(idp.url);
      const login = await startLogin(browser, staff, `${PORTAL}/api/auth/callback/keycloak-staff`);
      const retry = await browser.submit(formAction(login.html, "kc-form-login", login.url), {
        username: "service-account-billing-service",
        password: "billing-service",
      });
      expect(retry.response.status).toBe(200);
      expect(await retry.response.text()).toContain("Invalid username or password.");
    });

    it("keeps service clients out of the customer realm", async () => {
      for (const { clientId } of SERVICE_CLIENTS) {
        const { status, body } = await clientCredentials(customers, clientId, clientId, "basic");
        expect(status).toBe(401);
        expect(body.error).toBe("invalid_client");
      }
      const user = await passwordGrant(customers, "service-account-meter-service", "meter-service");
      expect(user.status).toBe(401);
    });

    it("reads the service secrets from their environment variables", async () => {
      const realm = await loadRealm(path.join(REALMS_DIR, "ossrep-internal.json"), {
        portalOrigins: [PORTAL],
        clientSecret: SECRET,
        env: { METER_SERVICE_SECRET: "meter-from-env" },
      });
      expect(realm).toBeInstanceOf(LoadedRealm);
      expect(realm.client("meter-service")?.secret).toBe("meter-from-env");
      expect(realm.client("billing-service")?.secret).toBe("billing-service");
      expect(realm.client("portal")?.secret).toBe(SECRET);
      const grants = new Map(
        realm.clientMetadata().map((client) => [client.client_id, client.grant_types ?? []]),
      );
      expect(grants.get("meter-service")).toContain("client_credentials");
      expect(grants.get("meter-service")).not.toContain("authorization_code");
      expect(grants.get("portal")).not.toContain("client_credentials");
      expect(grants.get("portal-cli")).not.toContain("client_credentials");
    });
  });
});

describe("idp persistence across restarts", () => {
  let dataDir: string;

  let settings: Parameters<typeof startIdp>[0];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "idp-restart-"));
    settings = {
      dataDir,
      portalUrl: PORTAL,
      clientSecret: SECRET,
      accessTokenTtl: 300,
      quiet: true,
    };
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function kids(issuer: string): Promise<string[]> {
    const response = await fetch(`${issuer}/protocol/openid-connect/certs`);
    const { keys } = (await response.json()) as { keys: { kid: string; d?: string }[] };
    expect(keys.every((key) => key.d === undefined)).toBe(true);
    return keys.map((key) => key.kid);
  }

  it("keeps signing keys, refresh tokens and registered users after a restart", async () => {
    const first = await startIdp({ ...settings, port: 0 });
    const issuer = first.issuer("ossrep");
    const before = await kids(issuer);
    const { body } = await passwordGrant(issuer, "alice", "alice");
    const browser = new Browser(first.url);
    const registration = await openRegistration(browser, issuer);
    await browser.submit(registration.action, {
      firstName: "Omar",
      lastName: "Reid",
      email: "omar.reid@example.org",
      username: "omar",
      password: "omar-password",
      "password-confirm": "omar-password",
    });
    const registered = await browser.follow(
      await verificationLink(first.url, "omar.reid@example.org"),
    );
    expect(registered.url.startsWith(`${CALLBACK}?`)).toBe(true);
    const port = new URL(first.url).port;
    await first.close();

    const second = await startIdp({ ...settings, port: Number(port) });
    try {
      expect(second.issuer("ossrep")).toBe(issuer);
      expect(await kids(issuer)).toEqual(before);
      const refreshed = await tokenRequest(issuer, {
        grant_type: "refresh_token",
        client_id: "portal-cli",
        refresh_token: body.refresh_token,
      });
      expect(refreshed.status).toBe(200);
      expect(decodeJwt(refreshed.body.access_token).sub).toBe(ALICE_ID);

      const omar = await passwordGrant(issuer, "omar", "omar-password");
      expect(omar.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("exposes the realm signing key for minting test tokens", async () => {
    const idp = await startIdp({ ...settings, port: 0 });
    try {
      const issuer = idp.issuer("ossrep");
      const jwk = await loadRealmSigningKey("ossrep", dataDir);
      expect(jwk.d).toBeTruthy();
      expect(await kids(issuer)).toContain(jwk.kid);

      const key = await importJWK(jwk, "RS256");
      const now = Math.floor(Date.now() / 1000);
      const expired = await new SignJWT({ typ: "Bearer", azp: "portal" })
        .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
        .setIssuer(issuer)
        .setSubject(ALICE_ID)
        .setIssuedAt(now - 600)
        .setExpirationTime(now - 300)
        .sign(key);
      expect(decodeProtectedHeader(expired).kid).toBe(jwk.kid);
      const jwks = createRemoteJWKSet(new URL(`${issuer}/protocol/openid-connect/certs`));
      await expect(jwtVerify(expired, jwks, { issuer })).rejects.toBeInstanceOf(
        joseErrors.JWTExpired,
      );
    } finally {
      await idp.close();
    }
  });
});
