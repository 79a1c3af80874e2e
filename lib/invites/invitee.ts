import "server-only";
import { getToken } from "next-auth/jwt";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { usesSecureCookies } from "@/lib/auth/secure-cookies";
import { principalFromSessionToken } from "@/lib/auth/session-token";
import type { Invitee } from "@/lib/domain/invite-acceptance";
import { serverEnv } from "@/lib/env";

/**
 * The customer-realm identity of the browser's session, with the names its ID token gave at
 * sign-in: who an invitation is accepted for. Null without a customer session.
 */
export async function inviteeFromSession(
  req: Request,
): Promise<{ principal: CustomerPrincipal; invitee: Invitee } | null> {
  const cookie = req.headers.get("cookie");
  if (!cookie) return null;
  const token = await getToken({
    req: { headers: { cookie } },
    secret: serverEnv().AUTH_SECRET,
    secureCookie: usesSecureCookies(req.url),
  });
  const principal = principalFromSessionToken(token);
  if (principal?.kind !== "customer") return null;
  return {
    principal,
    invitee: {
      subject: principal.subject,
      givenName: token?.givenName ?? null,
      familyName: token?.familyName ?? null,
    },
  };
}
