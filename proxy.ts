import { NextResponse } from "next/server";
import { auth } from "@/auth";

/**
 * Sends anonymous visitors (and sessions whose refresh failed) to the right sign-in page, and
 * keeps access tokens fresh. Pages still check the principal themselves: this is a convenience,
 * not the security boundary.
 */
export const proxy = auth((req) => {
  const { pathname, search } = req.nextUrl;
  const session = req.auth;
  if (session?.user && !session.error) return NextResponse.next();
  const signIn = pathname.startsWith("/staff") ? "/staff/signin" : "/signin";
  const url = new URL(signIn, req.nextUrl.origin);
  url.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(url);
});

export const config = {
  matcher: ["/((?!api/|_next/|signin|staff/signin|favicon.ico|robots.txt|problems/).*)"],
};
