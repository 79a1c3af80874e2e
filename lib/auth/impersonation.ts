import "server-only";
import {
  IMPERSONATION_COOKIE,
  IMPERSONATION_MINUTES,
  resumeImpersonation,
} from "@/lib/domain/impersonation";
import { usesSecureCookies } from "@/lib/public-origin";
import type { CustomerPrincipal, StaffPrincipal } from "./principal";

export { IMPERSONATION_COOKIE };

/**
 * The customer a member of staff is viewing the portal as, read-only, when their browser holds
 * an open impersonation session; null otherwise. Each call records the access.
 */
export async function asImpersonatedCustomer(
  staff: StaffPrincipal,
  sessionId: string | undefined,
  resource: string,
  write = false,
  requestId: string | null = null,
): Promise<CustomerPrincipal | null> {
  if (!sessionId || staff.via !== "session") return null;
  const session = await resumeImpersonation({
    staff,
    sessionId,
    resource,
    action: write ? "impersonation_write_refused" : "impersonation_read",
    requestId,
  });
  if (!session) return null;
  return {
    kind: "customer",
    subject: staff.subject,
    username: staff.username,
    customerId: session.customerId,
    roles: [],
    via: "session",
    status: session.customerStatus,
    impersonation: {
      id: session.id,
      staffSubject: session.staffSubject,
      staffUsername: session.staffUsername,
      reason: session.reason,
      expiresAt: session.expiresAt,
      customerName: session.customerName,
      staffRoles: staff.roles,
    },
  };
}

/** The impersonation cookie lives no longer than the session it names. */
export const impersonationCookieOptions = (requestUrl?: string) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: usesSecureCookies(requestUrl),
  path: "/",
  maxAge: IMPERSONATION_MINUTES * 60,
});
