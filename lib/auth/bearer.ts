import "server-only";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from "jose";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { KeycloakClaims } from "./claims";
import { type FeedRole, feedRoles, type Principal } from "./principal";
import { audienceOfIssuer, realmEndpoint } from "./realms";
import { toStaffRoles } from "./roles";

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(issuer: string) {
  let keySet = keySets.get(issuer);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(realmEndpoint(issuer, "certs")), {
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
    keySets.set(issuer, keySet);
  }
  return keySet;
}

const invalid = (detail: string) => new AppError("invalid_token", detail);

/**
 * Tokens already verified, until they expire: checking a signature costs more than the rest of
 * a small request. Bounded, oldest first out. A token is only ever cached after a full check.
 */
const verifiedTokens = new Map<string, { principal: Principal; expiresAt: number }>();
const MAX_VERIFIED = 10_000;

function remembered(token: string): Principal | undefined {
  const entry = verifiedTokens.get(token);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now() / 1000) {
    verifiedTokens.delete(token);
    return undefined;
  }
  return structuredClone(entry.principal);
}

function remember(token: string, principal: Principal, expiresAt: number): Principal {
  if (verifiedTokens.size >= MAX_VERIFIED) {
    const oldest = verifiedTokens.keys().next().value;
    if (oldest !== undefined) verifiedTokens.delete(oldest);
  }
  verifiedTokens.set(token, { principal: structuredClone(principal), expiresAt });
  return principal;
}

/**
 * Verifies a realm's access token against that realm's published keys. Only the two configured
 * realms are trusted, and only access tokens (Keycloak's `typ: Bearer`) issued to our clients.
 */
export async function principalFromAccessToken(token: string): Promise<Principal> {
  const known = remembered(token);
  if (known) return known;
  const principal = await verifyAccessToken(token);
  return remember(token, principal.principal, principal.expiresAt);
}

async function verifyAccessToken(
  token: string,
): Promise<{ principal: Principal; expiresAt: number }> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw invalid("The access token is malformed.");
  }
  const audience = issuer ? audienceOfIssuer(issuer) : null;
  if (!issuer || !audience) throw invalid("The access token was not issued by a trusted realm.");

  let claims: KeycloakClaims;
  try {
    const verified = await jwtVerify<KeycloakClaims>(token, keySetFor(issuer), {
      issuer,
      algorithms: ["RS256", "PS256", "ES256"],
      requiredClaims: ["sub", "exp"],
    });
    claims = verified.payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalid("The access token has expired.");
    if (error instanceof errors.JWKSTimeout) {
      throw new AppError("database_unavailable", "The identity provider did not answer in time.");
    }
    throw invalid("The access token could not be verified.");
  }

  if (claims.typ !== undefined && claims.typ !== "Bearer") {
    throw invalid("Only access tokens are accepted.");
  }
  const subject = claims.sub as string;
  const roles = claims.realm_access?.roles ?? [];
  const env = serverEnv();
  const expiresAt = claims.exp as number;
  if (audience === "staff" && claims.azp && env.KEYCLOAK_SERVICE_CLIENTS.includes(claims.azp)) {
    const roleList = roles.filter((r): r is FeedRole =>
      (feedRoles as readonly string[]).includes(r),
    );
    return {
      principal: { kind: "service", subject, clientId: claims.azp, roles: roleList, via: "bearer" },
      expiresAt,
    };
  }
  if (!claims.azp || !env.KEYCLOAK_API_CLIENTS.includes(claims.azp)) {
    throw invalid("The access token was issued to an unknown client.");
  }
  const username = claims.preferred_username ?? subject;
  const principal: Principal =
    audience === "customer"
      ? { kind: "customer", subject, username, customerId: null, roles, via: "bearer" }
      : { kind: "staff", subject, username, roles: toStaffRoles(roles), via: "bearer" };
  return { principal, expiresAt };
}
