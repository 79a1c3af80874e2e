import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { checkSession } from "@/db/queries/sessions";
import type { CustomerStatus } from "@/db/schema/customers";
import { recordRead } from "@/lib/http/access";
import { customerStatusOf } from "@/lib/http/guards";
import { customerKey, sessionMarks, withSessionStanding } from "@/lib/http/principal";
import { CLOSED_SIGN_IN } from "./closed";
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
  const standing = await checkSession(sessionMarks(session.user), customerKey(principal));
  return withSessionStanding(principal, standing);
}

/** A portal page's customer, with the status the pages' gates follow (null before one exists). */
export type PortalCustomer = CustomerPrincipal & { status: CustomerStatus | null };

/**
 * The customer a portal page is for: the signed-in customer, or the customer a member of staff
 * is viewing as (read-only, every page view audited). Anyone else goes to the right sign-in page.
 * A closed customer cannot use the portal: they go to the sign-in page, which says why, and a
 * view of one goes back to the console.
 */
export async function requireCustomer(): Promise<PortalCustomer> {
  const principal = await sessionPrincipal();
  if (!principal) redirect("/signin");
  let customer: CustomerPrincipal;
  if (principal.kind === "staff") {
    const sessionId = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
    const path = (await headers()).get(PATH_HEADER) ?? "/";
    const viewing = await asImpersonatedCustomer(principal, sessionId, `GET ${path}`);
    if (!viewing) redirect(sessionId ? "/staff?notice=session-ended" : "/staff");
    customer = viewing;
  } else if (principal.kind === "customer") {
    customer = principal;
  } else {
    redirect("/signin");
  }
  const status = await customerStatusOf(customer);
  if (status === "closed") {
    redirect(customer.impersonation ? "/staff?notice=customer-closed" : CLOSED_SIGN_IN);
  }
  // A view as the customer is audited by the view itself; the customer's own page reads here.
  if (principal.kind === "customer") {
    recordRead(principal, {
      door: "page",
      resource: `GET ${(await headers()).get(PATH_HEADER) ?? "/"}`,
      customers: [],
    });
  }
  return { ...customer, status };
}

export async function requireStaff(): Promise<StaffPrincipal> {
  const principal = await sessionPrincipal();
  if (principal?.kind !== "staff") redirect("/staff/signin");
  return principal;
}
