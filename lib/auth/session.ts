import "server-only";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import type { CustomerPrincipal, StaffPrincipal } from "./principal";
import { toStaffRoles } from "./roles";

/** The signed-in customer for a page; anyone else is sent to the right sign-in page. */
export async function requireCustomer(): Promise<CustomerPrincipal> {
  const session = await auth();
  if (!session?.user || session.error) redirect("/signin");
  if (session.user.audience !== "customer") redirect("/staff");
  return {
    kind: "customer",
    subject: session.user.subject,
    username: session.user.username,
    customerId: session.user.customerId,
    roles: session.user.roles,
    via: "session",
  };
}

export async function requireStaff(): Promise<StaffPrincipal> {
  const session = await auth();
  if (!session?.user || session.error || session.user.audience !== "staff") {
    redirect("/staff/signin");
  }
  return {
    kind: "staff",
    subject: session.user.subject,
    username: session.user.username,
    roles: toStaffRoles(session.user.roles),
    via: "session",
  };
}
