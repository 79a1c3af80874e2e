import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { isSessionRevoked } from "@/db/queries/sessions";
import { recordRead } from "@/lib/http/access";
import { sessionMarks } from "@/lib/http/principal";
import { asImpersonatedCustomer, IMPERSONATION_COOKIE } from "./impersonation";
import { PATH_HEADER } from "./path-header";
import type { CustomerPrincipal, Principal, StaffPrincipal } from "./principal";
import { principalFromSessionToken } from "./session-token";

/**
 * The person a page or server action is for: Auth.js's session (refreshed as pages need it),
 * as the same principal the API builds from the cookie, and refused once revoked. Null when
 * no one is signed in, the refresh failed or the sign-in was ended.
 */
export async function sessionPrincipal(): Promise<Principal | null> {
  const session = await auth();
  if (!session?.user) return null;
  const principal = principalFromSessionToken({ ...session.user, error: session.error });
  if (!principal) return null;
  if (await isSessionRevoked(sessionMarks(session.user))) return null;
  return principal;
}

/**
 * The customer a portal page is for: the signed-in customer, or the customer a member of staff
 * is viewing as (read-only, every page view audited). Anyone else goes to the right sign-in page.
 */
export async function requireCustomer(): Promise<CustomerPrincipal> {
  const principal = await sessionPrincipal();
  if (!principal) redirect("/signin");
  if (principal.kind === "staff") {
    const sessionId = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    const viewing = await asImpersonatedCustomer(principal, sessionId, `GET ${path}`);
    if (!viewing) redirect(sessionId ? "/staff?notice=session-ended" : "/staff");
    return viewing;
  }
  if (principal.kind !== "customer") redirect("/signin");
  recordRead(principal, {
    door: "page",
    resource: `GET ${(await headers()).get(PATH_HEADER) ?? "/"}`,
    customers: [],
  });
  return principal;
}

export async function requireStaff(): Promise<StaffPrincipal> {
  const principal = await sessionPrincipal();
  if (principal?.kind !== "staff") redirect("/staff/signin");
  return principal;
}
