import "server-only";
import { decodeJwt, jwtVerify } from "jose";
import { getDb } from "@/db/client";
import { claimLogoutToken, revokeSession } from "@/db/queries/sessions";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { keySetFor } from "./bearer";
import { type Audience, audienceOfIssuer } from "./realms";

const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** A logout token is sent the moment the session ends; an old one is a replay. */
const MAX_TOKEN_AGE_SECONDS = 5 * 60;

/** The realm session (and user) a verified logout token ends. */
export interface RealmLogout {
  audience: Audience;
  sid?: string;
  sub?: string;
  /** The token itself: accepted once, until it is too old to be accepted at all. */
  token: { issuer: string; jti: string; expiresAt: Date };
}

// Back-channel logout answers every bad token with 400 (OpenID Connect Back-Channel Logout §2.8).
const refused = (detail: string) => new AppError("bad_request", detail);

/**
 * Verifies a logout token (OpenID Connect Back-Channel Logout 1.0, §2.6) against the keys of
 * the realm that issued it: one of the two trusted realms, addressed to the portal's client,
 * recent, with a `jti`, the back-channel logout event, a session id or a subject, and no nonce.
 */
export async function verifyLogoutToken(token: string): Promise<RealmLogout> {
  let issuer: string | undefined;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw refused("The logout token is malformed.");
  }
  const audience = issuer ? audienceOfIssuer(issuer) : null;
  if (!issuer || !audience) throw refused("The logout token was not issued by a trusted realm.");
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(token, keySetFor(issuer), {
      issuer,
      audience: serverEnv().KEYCLOAK_CLIENT_ID,
      algorithms: ["RS256", "PS256", "ES256"],
      requiredClaims: ["iat", "jti"],
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
    });
    claims = verified.payload;
  } catch {
    throw refused("The logout token could not be verified.");
  }
  const events = claims.events;
  if (
    !events ||
    typeof events !== "object" ||
    !(BACKCHANNEL_LOGOUT_EVENT in events) ||
    typeof (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] !== "object"
  ) {
    throw refused("The logout token carries no back-channel logout event.");
  }
  if ("nonce" in claims) throw refused("A logout token must not carry a nonce.");
  const sid = typeof claims.sid === "string" && claims.sid ? claims.sid : undefined;
  const sub = typeof claims.sub === "string" && claims.sub ? claims.sub : undefined;
  if (!sid && !sub) throw refused("The logout token names neither a session nor a subject.");
  if (typeof claims.jti !== "string" || !claims.jti) throw refused("The logout token has no jti.");
  // Refused by age from iat + the maximum age on; counted from now should iat be ahead of us.
  const issuedAt = Math.max(Number(claims.iat) * 1000, Date.now());
  const expiresAt = new Date(issuedAt + MAX_TOKEN_AGE_SECONDS * 1000);
  return { audience, sid, sub, token: { issuer, jti: claims.jti, expiresAt } };
}

/**
 * Revokes every portal session the realm session stood behind: by its `sid` (the session cookie
 * carries it as `idpSessionId`), or, for a token naming only the user, every session of theirs
 * signed in until now. Each token does so once: one seen before is a replay, refused with 400
 * (Back-Channel Logout §2.6 allows it). The token is recorded with the revocation, so a failed
 * revocation leaves it usable for the realm's retry.
 */
export async function endRealmSession(logout: RealmLogout): Promise<void> {
  await getDb().transaction(async (tx) => {
    if (!(await claimLogoutToken(tx, logout.token))) {
      throw refused("The logout token has been used before.");
    }
    if (logout.sid) await revokeSession("realm_session", logout.sid, "realm_logout", tx);
    else if (logout.sub) await revokeSession("subject", logout.sub, "realm_logout", tx);
  });
}
