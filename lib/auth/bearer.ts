import { LRUCache } from "lru-cache";
import "server-only";
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify } from "jose";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { KeycloakClaims } from "./claims";
import { type FeedRole, feedRoles, type Principal } from "./principal";
import { audienceOfIssuer, realmEndpoint } from "./realms";
import { toStaffRoles } from "./roles";

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** The published signing keys of a trusted realm, fetched once and cached. */
export function keySetFor(issuer: string) {
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
 * a small request. Bounded, least recently used out. A token is only ever kept after a full check.
 */
const verifiedTokens = new LRUCache<string, Principal>({ max: 10_000 });

/**
 * Verifies a realm's access token against that realm's published keys. Only the two configured
 * realms are trusted, and only access tokens (Keycloak's `typ: Bearer`) issued to our clients.
 */
export async function principalFromAccessToken(token: string): Promise<Principal> {
  const known = verifiedTokens.get(token);
  if (known) return structuredClone(known);
  const { principal, expiresAt } = await verifyAccessToken(token);
  const ttl = expiresAt * 1000 - Date.now();
  if (ttl > 0) verifiedTokens.set(token, structuredClone(principal), { ttl });
  return principal;
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
