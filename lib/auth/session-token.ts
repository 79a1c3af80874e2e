import type { JWT } from "next-auth/jwt";
import type { Principal } from "./principal";
import { toStaffRoles } from "./roles";

/** How long a session cookie lives (Auth.js's `session.maxAge`). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/**
 * The principal an Auth.js session token (or the session built from it) stands for, or null
 * if it no longer stands for one.
 */
export function principalFromSessionToken(
  token: Pick<JWT, "subject" | "username" | "audience" | "roles" | "customerId" | "error"> | null,
): Principal | null {
  if (!token || token.error || !token.subject || !token.audience) return null;
  const roles = token.roles ?? [];
  if (token.audience === "staff") {
    return {
      kind: "staff",
      subject: token.subject,
      username: token.username ?? token.subject,
      roles: toStaffRoles(roles),
      via: "session",
    };
  }
  return {
    kind: "customer",
    subject: token.subject,
    username: token.username ?? token.subject,
    customerId: token.customerId ?? null,
    roles,
    via: "session",
  };
}
