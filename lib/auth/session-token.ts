import "server-only";
import { getToken, type JWT } from "next-auth/jwt";
import { serverEnv } from "@/lib/env";
import type { Principal } from "./principal";
import { toStaffRoles } from "./roles";
import { usesSecureCookies } from "./secure-cookies";

/** The principal an Auth.js session token stands for, or null if it no longer stands for one. */
export function principalFromSessionToken(token: JWT | null): Principal | null {
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

/** Reads the Auth.js session cookie straight from the request, as route handlers receive it. */
export async function principalFromSessionCookie(req: Request): Promise<Principal | null> {
  const cookie = req.headers.get("cookie");
  if (!cookie) return null;
  const token = await getToken({
    req: { headers: { cookie } },
    secret: serverEnv().AUTH_SECRET,
    secureCookie: usesSecureCookies(req.url),
  });
  return principalFromSessionToken(token);
}
