import { decodeJwt, type JWTPayload } from "jose";

export interface KeycloakClaims extends JWTPayload {
  typ?: string;
  azp?: string;
  preferred_username?: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  realm_access?: { roles?: string[] };
}

/**
 * Claims of an access token received directly from the realm's token endpoint over the back
 * channel, authenticated with the client secret: it needs no second signature check.
 */
export function readAccessTokenClaims(accessToken: string): KeycloakClaims {
  return decodeJwt(accessToken) as KeycloakClaims;
}

/**
 * The email address of an identity when its realm has verified it, from the ID token the
 * session keeps (received from the token endpoint like the access token); null otherwise.
 */
export function verifiedEmailOf(idToken: string | undefined): string | null {
  if (!idToken) return null;
  const claims = decodeJwt(idToken) as KeycloakClaims;
  return claims.email_verified === true && typeof claims.email === "string" && claims.email
    ? claims.email
    : null;
}
