import "server-only";
import { IMPERSONATION_COOKIE, resumeImpersonation } from "@/lib/domain/impersonation";
import type { CustomerPrincipal, StaffPrincipal } from "./principal";

export { IMPERSONATION_COOKIE };

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/**
 * The customer a member of staff is viewing the portal as, read-only, when their browser holds
 * an open impersonation session; null otherwise. Each call records the access.
 */
export async function asImpersonatedCustomer(
  staff: StaffPrincipal,
  sessionId: string | undefined,
  resource: string,
  write = false,
): Promise<CustomerPrincipal | null> {
  if (!sessionId || staff.via !== "session") return null;
  const session = await resumeImpersonation({
    staff,
    sessionId,
    resource,
    action: write ? "impersonation_write_refused" : "impersonation_read",
  });
  if (!session) return null;
  return {
    kind: "customer",
    subject: staff.subject,
    username: staff.username,
    customerId: session.customerId,
    roles: [],
    via: "session",
    impersonation: {
      id: session.id,
      staffSubject: session.staffSubject,
      staffUsername: session.staffUsername,
      reason: session.reason,
      expiresAt: session.expiresAt,
      customerName: session.customerName,
    },
  };
}

export function impersonationCookieOf(req: Request): string | undefined {
  return readCookie(req.headers.get("cookie"), IMPERSONATION_COOKIE);
}

export const impersonationCookieOptions = (secure: boolean) => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure,
  path: "/",
  maxAge: 30 * 60,
});
