/**
 * The portal's public origin for links in emails: AUTH_URL where it is configured (behind a
 * proxy the request's own URL may be an internal one), else the origin the request came to.
 */
export function portalOrigin(requestUrl?: string): string {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  if (requestUrl) return new URL(requestUrl).origin;
  throw new Error("Set AUTH_URL to the portal's public URL: invitation links need it");
}
