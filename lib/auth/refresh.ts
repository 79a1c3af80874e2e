import "server-only";
import type { JWT } from "next-auth/jwt";
import { serverEnv } from "@/lib/env";
import { type KeycloakClaims, readAccessTokenClaims } from "./claims";
import { issuerFor, realmEndpoint } from "./realms";

interface TokenResponse {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  id_token?: string;
}

function clientAuthorization(): string {
  const env = serverEnv();
  const id = encodeURIComponent(env.KEYCLOAK_CLIENT_ID);
  const secret = encodeURIComponent(env.KEYCLOAK_CLIENT_SECRET);
  return `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
}

/**
 * Exchanges the refresh token for a new access token. A refusal (session ended at the identity
 * provider, refresh token expired) marks the session so the next page sends the user to sign in.
 */
export async function refreshAccessToken(token: JWT): Promise<JWT> {
  if (!token.refreshToken || !token.audience) return { ...token, error: "RefreshTokenError" };
  try {
    const response = await fetch(realmEndpoint(issuerFor(token.audience), "token"), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: clientAuthorization(),
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: token.refreshToken }),
      cache: "no-store",
    });
    if (!response.ok) return { ...token, error: "RefreshTokenError" };
    const tokens = (await response.json()) as TokenResponse;
    const claims: KeycloakClaims = readAccessTokenClaims(tokens.access_token);
    return {
      ...token,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? token.refreshToken,
      idToken: tokens.id_token ?? token.idToken,
      expiresAt: Math.floor(Date.now() / 1000) + tokens.expires_in,
      roles: claims.realm_access?.roles ?? token.roles,
      error: undefined,
    };
  } catch {
    return { ...token, error: "RefreshTokenError" };
  }
}

// Refresh a little before expiry, so a request never carries a token that lapses mid-flight.
const REFRESH_MARGIN_SECONDS = 30;

/**
 * The session as a request may use it: unchanged while its access token is fresh, refreshed at
 * the realm when it has lapsed, and marked with `error` when the refresh is refused. Pages (the
 * Auth.js jwt callback) and API requests (lib/http/principal.ts) both take it through here.
 */
export async function freshSessionToken(token: JWT): Promise<JWT> {
  if (token.error || !token.expiresAt) return token;
  if (Date.now() / 1000 < token.expiresAt - REFRESH_MARGIN_SECONDS) return token;
  return refreshAccessToken(token);
}
