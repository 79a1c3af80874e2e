import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { checkSession, type SessionMarks, type SessionStanding } from "@/db/queries/sessions";
import { principalFromAccessToken } from "@/lib/auth/bearer";
import { asImpersonatedCustomer, IMPERSONATION_COOKIE } from "@/lib/auth/impersonation";
import type { Principal } from "@/lib/auth/principal";
import { principalFromSessionToken } from "@/lib/auth/session-token";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { usesSecureCookies } from "@/lib/public-origin";
import { isWrite } from "./methods";

/** Who a request is from, and what carried their authority. */
export interface Identity {
  principal: Principal;
  carriedBy: "session" | "bearer";
}

/** The one place the session cookie is read: Auth.js's token, or null without one. */
export async function readSessionToken(headers: Headers, url: string): Promise<JWT | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  return getToken({
    req: { headers: { cookie } },
    secret: serverEnv().AUTH_SECRET,
    secureCookie: usesSecureCookies(url),
  });
}

/** The revocation marks of a session, as the cookie or the page's session carries them. */
export function sessionMarks(token: {
  subject?: string;
  sessionId?: string;
  idpSessionId?: string;
  signedInAt?: number;
}): SessionMarks {
  return {
    subject: token.subject ?? "",
    sessionId: token.sessionId,
    idpSessionId: token.idpSessionId,
    signedInAt: token.signedInAt,
  };
}

/**
 * The signed-in identity: a bearer token wins over the cookie (API clients send one, browsers
 * the other). A cookie whose sign-in was ended (signed out, logged out at the realm) or whose
 * refresh failed counts as none. Null for an anonymous request.
 */
export async function identityOf(req: Request): Promise<Identity | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token, extra] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token || extra !== undefined) {
      throw new AppError("invalid_token", "Use `Authorization: Bearer <access token>`.");
    }
    return { principal: await principalFromAccessToken(token), carriedBy: "bearer" };
  }
  const token = await readSessionToken(req.headers, req.url);
  const candidate = principalFromSessionToken(token);
  if (!token || !candidate) return null;
  const standing = await checkSession(sessionMarks(token), customerKey(candidate));
  const principal = withSessionStanding(candidate, standing);
  return principal ? { principal, carriedBy: "session" } : null;
}

/** Whose status a session check reads along: the signed-in customer's, nobody's for staff. */
export function customerKey(principal: Principal | null) {
  return principal?.kind === "customer" ? principal : null;
}

/**
 * The session's principal once its check came back: none if the sign-in was ended; a customer
 * carries the status the check read, for the status gates.
 */
export function withSessionStanding(
  principal: Principal,
  standing: SessionStanding,
): Principal | null {
  if (standing.revoked) return null;
  return principal.kind === "customer"
    ? { ...principal, status: standing.customerStatus }
    : principal;
}

/** The cookie a browser holds for a staff member's view of the portal as a customer. */
function impersonationCookie(req: Request): string | undefined {
  const cookie = req.headers.get("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === IMPERSONATION_COOKIE) return value.join("=");
  }
  return undefined;
}

/**
 * Who the request acts as: staff viewing the portal as a customer are that customer here,
 * read-only, and each request while viewing is audited.
 */
export async function actingPrincipal(
  req: Request,
  identity: Identity,
  requestId: string | null = null,
): Promise<Principal> {
  const { principal } = identity;
  if (principal.kind !== "staff") return principal;
  const viewing = await asImpersonatedCustomer(
    principal,
    impersonationCookie(req),
    `${req.method} ${new URL(req.url).pathname}`,
    isWrite(req.method),
    requestId,
  );
  return viewing ?? principal;
}

/** The principal of a request that must be signed in: 401 otherwise. */
export async function requireIdentity(req: Request): Promise<Identity> {
  const identity = await identityOf(req);
  if (!identity) throw new AppError("unauthenticated", "Sign in or send a bearer token.");
  return identity;
}
