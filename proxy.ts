import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";
import { PATH_HEADER } from "@/lib/auth/path-header";
import { serverEnv } from "@/lib/env";

// A lean Auth.js instance: it reads and refreshes the session but needs no database.
const { auth } = NextAuth(() => ({ ...authConfig, secret: serverEnv().AUTH_SECRET }));

/**
 * Sends anonymous visitors (and sessions whose refresh failed) to the right sign-in page, and
 * keeps access tokens fresh. Pages still check the principal themselves: this is a convenience,
 * not the security boundary.
 */
const guard = auth((req) => {
  const { pathname, search } = req.nextUrl;
  const session = req.auth;
  if (session?.user && !session.error) {
    // Pages record which page was read when staff view the portal as a customer.
    const headers = new Headers(req.headers);
    headers.set(PATH_HEADER, `${pathname}${search}`.slice(0, 500));
    return NextResponse.next({ request: { headers } });
  }
  const signIn = pathname.startsWith("/staff") ? "/staff/signin" : "/signin";
  const url = new URL(signIn, req.nextUrl.origin);
  url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(url);
});

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?=/;

/**
 * Auth.js writes the session cookie again on every request it sees. A prefetch that is still in
 * flight when the customer signs out would answer after the sign-out and set the cookie back, so
 * prefetches never write it; the navigation that follows them does.
 */
function withoutSessionCookie(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (!cookies.some((c) => SESSION_COOKIE.test(c))) return response;
  response.headers.delete("set-cookie");
  for (const cookie of cookies)
    if (!SESSION_COOKIE.test(cookie)) response.headers.append("set-cookie", cookie);
  return response;
}

// With a lazily built configuration Auth.js hands back the wrapped handler as a promise.
export async function proxy(req: NextRequest, event: NextFetchEvent) {
  const handler = (await guard) as unknown as (
    req: NextRequest,
    event: NextFetchEvent,
  ) => Promise<Response>;
  const response = await handler(req, event);
  return req.headers.get("next-router-prefetch") ? withoutSessionCookie(response) : response;
}

export const config = {
  matcher: [
    // Invitation links are opened before their recipient has a login; the dev mailbox guards itself.
    "/((?!api/|_next/|signin|staff/signin|developers/|favicon.ico|robots.txt|problems/|invite/|dev/).*)",
  ],
};
