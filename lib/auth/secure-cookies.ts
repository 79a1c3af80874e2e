/**
 * Whether the portal's cookies carry `Secure` (and Auth.js's `__Secure-` prefix): decided by the
 * public origin when one is configured, otherwise by the request itself.
 */
export function usesSecureCookies(requestUrl?: string): boolean {
  return (process.env.AUTH_URL ?? requestUrl ?? "").startsWith("https://");
}
