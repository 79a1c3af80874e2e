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

/** The origin as a server action sees it: from the forwarded headers of the request. */
export function publicOriginOfHeaders(headers: Headers): string {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const proto = headers.get("x-forwarded-proto") ?? "http";
  return `${proto}://${headers.get("x-forwarded-host") ?? headers.get("host")}`;
}

/**
 * Whether the portal's cookies carry `Secure` (and Auth.js's `__Secure-` prefix): decided by the
 * public origin when one is configured, otherwise by the request itself.
 */
export function usesSecureCookies(requestUrl?: string): boolean {
  return (process.env.AUTH_URL ?? requestUrl ?? "").startsWith("https://");
}
