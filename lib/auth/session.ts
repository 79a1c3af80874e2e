import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { isViewingAsCustomer } from "@/lib/domain/impersonation";
import { AppError } from "@/lib/errors";
import { asImpersonatedCustomer, IMPERSONATION_COOKIE } from "./impersonation";
import { PATH_HEADER } from "./path-header";
import type { CustomerPrincipal, StaffPrincipal } from "./principal";
import { toStaffRoles } from "./roles";

function staffOf(user: { subject: string; username: string; roles: string[] }): StaffPrincipal {
  return {
    kind: "staff",
    subject: user.subject,
    username: user.username,
    roles: toStaffRoles(user.roles),
    via: "session",
  };
}

/**
 * The customer a portal page is for: the signed-in customer, or the customer a member of staff
 * is viewing as (read-only, every page view audited). Anyone else goes to the right sign-in page.
 */
export async function requireCustomer(): Promise<CustomerPrincipal> {
  const session = await auth();
  if (!session?.user || session.error) redirect("/signin");
  if (session.user.audience === "staff") {
    const sessionId = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    const viewing = await asImpersonatedCustomer(staffOf(session.user), sessionId, `GET ${path}`);
    if (!viewing) redirect(sessionId ? "/staff?notice=session-ended" : "/staff");
    return viewing;
  }
  return {
    kind: "customer",
    subject: session.user.subject,
    username: session.user.username,
    customerId: session.user.customerId,
    roles: session.user.roles,
    via: "session",
  };
}

/**
 * The member of staff for a server action that changes anything: refused while they are viewing
 * the portal as a customer, so a support session stays read-only whichever door a write uses.
 */
export async function requireStaffForChange(): Promise<StaffPrincipal> {
  const staff = await requireStaff();
  if (await isViewingAsCustomer(staff.subject)) {
    throw new AppError(
      "impersonation_read_only",
      "Stop viewing as the customer before making changes.",
    );
  }
  return staff;
}

export async function requireStaff(): Promise<StaffPrincipal> {
  const session = await auth();
  if (!session?.user || session.error || session.user.audience !== "staff") {
    redirect("/staff/signin");
  }
  return staffOf(session.user);
}
