import { type NextFetchEvent, type NextRequest, NextResponse } from "next/server";
import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";
import { PATH_HEADER } from "@/lib/auth/path-header";
import { serverEnv } from "@/lib/env";
import { AppError, problemResponse } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http/same-origin";
import { publicOrigin, publicOriginRedirect } from "@/lib/public-origin";

// A lean Auth.js instance: it reads and refreshes the session but needs no database.
const { auth } = NextAuth(() => ({ ...authConfig, secret: serverEnv().AUTH_SECRET }));

/** Pages anyone may open: sign-in, the developer docs, problem types, invitation links. */
const PUBLIC_PAGES = /^\/(signin|staff\/signin|developers|problems|invite|dev)(\/|$)/;

/**
 * The Content-Security-Policy of a page, with this request's nonce: Next.js puts the nonce on
 * its own scripts, and 'strict-dynamic' lets those load the rest. Nothing else runs, no plugin
 * loads, no <base> moves links and no other site frames the portal. The development server
 * evaluates modules, so it alone needs 'unsafe-eval'.
 */
export function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  return [
    `script-src 'nonce-${nonce}' 'strict-dynamic'${dev}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Next.js answers a server action posted from another origin with a bare 500. The same rule
 * as every other write refuses it first, with 403 problem+json.
 */
function refuseForeignAction(req: NextRequest): Response | null {
  if (req.method !== "POST" || !req.headers.has("next-action")) return null;
  if (isSameOrigin(req.headers, req.url)) return null;
  return problemResponse(
    new AppError("forbidden", "Changes must be made from the portal itself."),
    {
      instance: req.nextUrl.pathname,
    },
  );
}

/**
 * Sends anonymous visitors (and sessions whose refresh failed) to the right sign-in page, and
 * keeps access tokens fresh. Pages still check the principal themselves: this is a convenience,
 * not the security boundary.
 */
const guard = auth((req) => {
  const { pathname, search } = req.nextUrl;
  const session = req.auth;
  if (session?.user && !session.error) return NextResponse.next();
  const signIn = pathname.startsWith("/staff") ? "/staff/signin" : "/signin";
  const url = new URL(signIn, req.nextUrl.origin);
  url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(url);
});

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Sends the browser on to the same page at the public origin. Not a 3xx: Next.js names every
 * loopback address localhost and would turn a Location on another loopback name into a
 * relative one, sending the browser back where it came from; a page that refreshes to the
 * address (with a link, should it not) moves it whatever the name.
 */
function continueAt(target: URL): Response {
  const href = escapeHtml(target.toString());
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Continue to the portal</title></head><body><p>The portal is at <a href="${href}">${href}</a>.</p></body></html>`,
    {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
    },
  );
}

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
  const refused = refuseForeignAction(req);
  if (refused) return refused;
  if (req.method === "GET" || req.method === "HEAD") {
    const target = publicOriginRedirect(req.headers, req.nextUrl);
    if (target) return continueAt(target);
  }

  // The page sees the policy (Next.js takes the nonce from it) and the path it was asked for.
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce);
  const headers = new Headers(req.headers);
  headers.set("content-security-policy", policy);
  headers.set(PATH_HEADER, `${req.nextUrl.pathname}${req.nextUrl.search}`.slice(0, 500));

  let response: Response;
  if (PUBLIC_PAGES.test(req.nextUrl.pathname)) {
    response = NextResponse.next({ request: { headers } });
  } else {
    const handler = (await guard) as unknown as (
      req: NextRequest,
      event: NextFetchEvent,
    ) => Promise<Response>;
    response = await handler(req, event);
    if (response.headers.get("x-middleware-next") === "1") {
      // Let the page see the request headers set above.
      const next = NextResponse.next({ request: { headers } });
      for (const cookie of response.headers.getSetCookie())
        next.headers.append("set-cookie", cookie);
      response = next;
    }
  }
  response.headers.set("content-security-policy", policy);
  if (publicOrigin(req.url).startsWith("https://")) {
    response.headers.set("strict-transport-security", "max-age=63072000; includeSubDomains");
  }
  return req.headers.get("next-router-prefetch") ? withoutSessionCookie(response) : response;
}

export const config = {
  matcher: [
    // Every page; the API answers JSON and runs its own pipeline.
    "/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)",
  ],
};
