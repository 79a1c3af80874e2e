import { SignJWT } from "jose";
import { loadRealmSigningKey } from "@/idp/keys";

const cache = new Map<string, Promise<TokenSet>>();

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
}

export type RealmName = "ossrep" | "ossrep-internal";

function issuer(realm: RealmName): string {
  const key = realm === "ossrep" ? "KEYCLOAK_ISSUER" : "KEYCLOAK_STAFF_ISSUER";
  const value = process.env[key];
  if (!value) throw new Error(`${key} is not set: is the integration global setup running?`);
  return value;
}

export interface GrantOptions {
  realm?: RealmName;
  /** The demo users' password is their username. */
  password?: string;
  /** Another identity provider's realm, e.g. one a test starts for itself. */
  issuer?: string;
}

/** The realm's answer to a direct-access grant, whatever it is. */
export function requestPasswordGrant(
  username: string,
  options: GrantOptions = {},
): Promise<Response> {
  return fetch(
    `${options.issuer ?? issuer(options.realm ?? "ossrep")}/protocol/openid-connect/token`,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "portal-cli",
        username,
        password: options.password ?? username,
        scope: "openid",
      }),
    },
  );
}

/** Signs in through the realm's direct-access grant, as an API client would. */
export async function passwordGrant(
  username: string,
  realm: RealmName = "ossrep",
): Promise<TokenSet> {
  const response = await requestPasswordGrant(username, { realm });
  if (!response.ok) throw new Error(`Sign-in of ${username} failed: ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

/** An access token for a demo user, fetched once per test file. */
export async function accessToken(username: string, realm: RealmName = "ossrep"): Promise<string> {
  const key = `${realm}/${username}`;
  if (!cache.has(key)) cache.set(key, passwordGrant(username, realm));
  const tokens = await (cache.get(key) as Promise<TokenSet>);
  return tokens.access_token;
}

/**
 * A token signed with the realm's real signing key but with claims of our choosing: how tests
 * get an access token that is expired, or otherwise wrong, yet correctly signed.
 */
export async function signWithRealmKey(
  realm: RealmName,
  claims: Record<string, unknown>,
  options: { issuer?: string; expiresAt?: number; issuedAt?: number } = {},
): Promise<string> {
  const jwk = await loadRealmSigningKey(realm, process.env.IDP_DATA_DIR);
  const { importJWK } = await import("jose");
  const key = await importJWK(jwk, jwk.alg ?? "RS256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: jwk.alg ?? "RS256", kid: jwk.kid, typ: "JWT" })
    .setIssuer(options.issuer ?? issuer(realm))
    .setIssuedAt(options.issuedAt ?? now)
    .setExpirationTime(options.expiresAt ?? now + 300)
    .sign(key);
}

/**
 * A back-end service's access token, through the staff realm's client-credentials grant as the
 * meter and billing services obtain theirs. The demo and test secret is the client id.
 */
export async function serviceToken(clientId: "meter-service" | "billing-service"): Promise<string> {
  const key = `service/${clientId}`;
  if (!cache.has(key)) {
    cache.set(
      key,
      fetch(`${issuer("ossrep-internal")}/protocol/openid-connect/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${clientId}:${clientId}`).toString("base64")}`,
        },
        body: new URLSearchParams({ grant_type: "client_credentials" }),
      }).then(async (response) => {
        if (!response.ok) throw new Error(`${clientId} got no token: ${await response.text()}`);
        return (await response.json()) as TokenSet;
      }),
    );
  }
  return (await (cache.get(key) as Promise<TokenSet>)).access_token;
}
