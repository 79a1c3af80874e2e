/**
 * The portal's public origin: AUTH_URL where it is configured (behind a proxy the request's own
 * URL may be an internal one), else the origin the request came to. Links in emails, the
 * same-origin check on writes and the cookies' `Secure` flag all follow it.
 */
export function publicOrigin(requestUrl?: string): string {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  if (requestUrl) return new URL(requestUrl).origin;
  throw new Error("Set AUTH_URL to the portal's public URL");
}

/** The origin the browser used, from the (forwarded) host headers of the request. */
export function requestOriginOfHeaders(headers: Headers): string {
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${headers.get("x-forwarded-host") ?? headers.get("host")}`;
}

/** The origin as a server action sees it: from the forwarded headers of the request. */
export function publicOriginOfHeaders(headers: Headers): string {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  return requestOriginOfHeaders(headers);
}

/**
 * Where a page request that reached the portal under another name (such as 127.0.0.1 for
 * localhost) should go instead: the same path at the public origin. Sign-in cookies and the
 * identity provider's redirect address belong to the public origin, so a sign-in started
 * anywhere else cannot finish. Null when the request already came to the public origin.
 */
export function publicOriginRedirect(headers: Headers, url: URL): URL | null {
  if (!process.env.AUTH_URL) return null;
  const origin = new URL(process.env.AUTH_URL).origin;
  if (requestOriginOfHeaders(headers) === origin) return null;
  return new URL(`${url.pathname}${url.search}`, origin);
}

/**
 * Whether the portal's cookies carry `Secure` (and Auth.js's `__Secure-` prefix): decided by the
 * public origin when one is configured, otherwise by the request itself.
 */
export function usesSecureCookies(requestUrl?: string): boolean {
  return (process.env.AUTH_URL ?? requestUrl ?? "").startsWith("https://");
}
