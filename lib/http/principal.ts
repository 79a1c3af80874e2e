import "server-only";
import { encode, getToken, type JWT } from "next-auth/jwt";
import { checkSession, type SessionMarks, type SessionStanding } from "@/db/queries/sessions";
import { principalFromAccessToken } from "@/lib/auth/bearer";
import { asImpersonatedCustomer, IMPERSONATION_COOKIE } from "@/lib/auth/impersonation";
import type { Principal } from "@/lib/auth/principal";
import { freshSessionToken } from "@/lib/auth/refresh";
import { principalFromSessionToken, SESSION_MAX_AGE_SECONDS } from "@/lib/auth/session-token";
import { serverEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { usesSecureCookies } from "@/lib/public-origin";
import { isWrite } from "./methods";

/** Who a request is from, and what carried their authority. */
export interface Identity {
  principal: Principal;
  carriedBy: "session" | "bearer";
}

const sessionCookieName = (url: string) =>
  `${usesSecureCookies(url) ? "__Secure-" : ""}authjs.session-token`;

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

// Auth.js splits a session cookie longer than this into `name.0`, `name.1`, …
const COOKIE_CHUNK_SIZE = 4096 - 160;

/**
 * The Set-Cookie headers that store a renewed session as Auth.js writes its own: in one cookie,
 * or in chunks when it is long, with whichever form the request held before cleared.
 */
async function sessionCookies(token: JWT, req: Request): Promise<string[]> {
  const name = sessionCookieName(req.url);
  const value = await encode({
    token,
    secret: serverEnv().AUTH_SECRET,
    salt: name,
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  const secure = usesSecureCookies(req.url) ? "; Secure" : "";
  const set = (cookie: string, content: string, maxAge = SESSION_MAX_AGE_SECONDS) =>
    `${cookie}=${content}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  const chunks =
    value.length <= COOKIE_CHUNK_SIZE
      ? [[name, value]]
      : Array.from({ length: Math.ceil(value.length / COOKIE_CHUNK_SIZE) }, (_, i) => [
          `${name}.${i}`,
          value.slice(i * COOKIE_CHUNK_SIZE, (i + 1) * COOKIE_CHUNK_SIZE),
        ]);
  const written = new Set(chunks.map(([cookie]) => cookie));
  const held = (req.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim().split("=")[0] ?? "")
    .filter((cookie) => (cookie === name || cookie.startsWith(`${name}.`)) && !written.has(cookie));
  return [
    ...chunks.map(([cookie, content]) => set(cookie as string, content as string)),
    ...held.map((cookie) => set(cookie, "", 0)),
  ];
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

/** Who a request is from, and the renewed session cookie to send back, if it changed. */
export interface Credentials {
  identity: Identity | null;
  setCookies?: string[];
}

/**
 * The signed-in identity: a bearer token wins over the cookie (API clients send one, browsers
 * the other). A cookie whose sign-in was ended (signed out, logged out at the realm) or whose
 * refresh failed counts as none. Null for an anonymous request.
 */
export async function credentialsOf(req: Request): Promise<Credentials> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const [scheme, token, extra] = authorization.split(" ");
    if (scheme?.toLowerCase() !== "bearer" || !token || extra !== undefined) {
      throw new AppError("invalid_token", "Use `Authorization: Bearer <access token>`.");
    }
    return { identity: { principal: await principalFromAccessToken(token), carriedBy: "bearer" } };
  }
  const stored = await readSessionToken(req.headers, req.url);
  const candidate = principalFromSessionToken(stored);
  if (!stored || !candidate) return { identity: null };
  const standing = await checkSession(sessionMarks(stored), customerKey(candidate));
  if (standing.revoked) return { identity: null };
  // The rule pages follow: a lapsed access token is refreshed at the realm, and a refused
  // refresh ends the session. What changed is stored back, so the next request neither
  // refreshes again nor finds the session alive.
  const token = await freshSessionToken(stored);
  const setCookies = token === stored ? undefined : await sessionCookies(token, req);
  const refreshed = principalFromSessionToken(token);
  const principal = refreshed && withSessionStanding(refreshed, standing);
  return { identity: principal ? { principal, carriedBy: "session" } : null, setCookies };
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
