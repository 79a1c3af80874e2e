import { AppError } from "@/lib/errors";
import { publicOrigin } from "@/lib/public-origin";
import { isWrite } from "./methods";

/**
 * Whether a request comes from the portal's own pages. The rule is the exact origin: another
 * port or subdomain of the same site is another origin, though SameSite=Lax cookies reach it.
 * Every current browser sends Origin with a write; under a no-referrer policy it is "null", and
 * then the browser's own Sec-Fetch-Site has to say same-origin. A request showing neither is
 * not a browser's, or hides where it comes from, and is refused.
 */
export function isSameOrigin(headers: Headers, requestUrl: string): boolean {
  const origin = headers.get("origin");
  if (origin && origin !== "null") return origin === publicOrigin(requestUrl);
  return headers.get("sec-fetch-site") === "same-origin";
}

/**
 * Browsers attach the session cookie to requests other sites make; a write carried by the
 * cookie must come from our own pages. Bearer tokens are never sent implicitly, so writes made
 * with one need no check, and a request with no cookie at all carries no one's authority.
 */
export function refuseCrossSiteWrite(req: Request, carriedBy: "session" | "bearer" | "none"): void {
  if (!isWrite(req.method) || carriedBy !== "session") return;
  if (!isSameOrigin(req.headers, req.url)) {
    throw new AppError("forbidden", "Changes must be made from the portal itself.");
  }
}
