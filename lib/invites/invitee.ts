import "server-only";
import { verifiedEmailOf } from "@/lib/auth/claims";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import type { Invitee } from "@/lib/domain/invite-acceptance";
import { readSessionToken } from "@/lib/http/principal";

/**
 * Who an invitation is accepted for: the signed-in customer-realm identity, with the names its
 * ID token gave at sign-in and the email address the realm verified.
 */
export async function inviteeOf(req: Request, principal: CustomerPrincipal): Promise<Invitee> {
  const token = await readSessionToken(req.headers, req.url);
  return {
    subject: principal.subject,
    givenName: token?.givenName ?? null,
    familyName: token?.familyName ?? null,
    verifiedEmail: verifiedEmailOf(token?.idToken),
  };
}
