import "server-only";
import { asOverhead } from "@/db/client";
import { findCustomerStatus } from "@/db/queries/customers";
import type { CustomerStatus } from "@/db/schema/customers";
import type {
  CustomerPrincipal,
  FeedRole,
  Principal,
  ServicePrincipal,
  StaffPrincipal,
} from "@/lib/auth/principal";
import { isReadOnly } from "@/lib/auth/principal";
import type { StaffRole } from "@/lib/auth/realms";
import { isViewingAsCustomer } from "@/lib/domain/impersonation";
import { AppError } from "@/lib/errors";
import { isWrite } from "./methods";

export function readOnlyRefusal(): AppError {
  return new AppError(
    "impersonation_read_only",
    "This session is viewing the portal as a customer and cannot make changes.",
  );
}

/**
 * A support session stays read-only whichever door a write uses: the view itself, a second
 * session of the same member of staff, or their bearer token. Every entry point runs this;
 * `allowWhileViewing` is for the staff member's own writes about the view (starting one, which
 * answers 409 while one is open, and stopping it).
 */
export async function refuseWritesWhenReadOnly(
  method: string,
  principal: Principal,
  options: { allowWhileViewing?: boolean } = {},
) {
  if (!isWrite(method)) return;
  if (isReadOnly(principal)) throw readOnlyRefusal();
  if (options.allowWhileViewing) return;
  if (principal.kind === "staff" && (await isViewingAsCustomer(principal.subject))) {
    throw new AppError(
      "impersonation_read_only",
      "Stop viewing the portal as a customer before making changes.",
    );
  }
}

export function requireSignedIn(principal: Principal | null): Principal {
  if (!principal) throw new AppError("unauthenticated", "Sign in or send a bearer token.");
  return principal;
}

export function requireCustomerPrincipal(principal: Principal | null): CustomerPrincipal {
  const p = requireSignedIn(principal);
  if (p.kind !== "customer") {
    throw new AppError("forbidden", "This endpoint serves customers; staff use the console.");
  }
  return p;
}

/**
 * What a customer endpoint writes, for the status gates: `change` (accounts, premises,
 * preferences: only live customers), `setup` (their own details, or joining an account by
 * invitation: also while being set up), `privacy` (asking for erasure: any customer not closed).
 */
export type CustomerWrite = "change" | "setup" | "privacy";

/**
 * The status gates, in one place: a closed customer cannot use the portal at all; an inactive
 * one reads their history but changes nothing; one being set up (onboarding, prelive) changes
 * only their profile. A view as a customer follows the customer's status for its reads.
 */
export function statusRefusal(
  status: CustomerStatus | null,
  method: string,
  write: CustomerWrite = "change",
): AppError | null {
  if (status === "closed") {
    return new AppError(
      "customer_closed",
      "This customer is closed and can no longer use the portal. Contact us if you think this is wrong.",
    );
  }
  if (!isWrite(method) || write === "privacy") return null;
  if (status === "inactive") {
    return new AppError(
      "customer_inactive",
      "This customer is inactive: the history can be read, but nothing can be changed.",
    );
  }
  if ((status === "onboarding" || status === "prelive") && write !== "setup") {
    return new AppError(
      "customer_not_live",
      "Your account is being set up: until it is live, only your profile can be changed.",
    );
  }
  return null;
}

/**
 * The customer's status for the gates: sessions and views carry it from their own check; a
 * bearer token needs one lookup, counted as the pipeline's overhead.
 */
export async function customerStatusOf(
  customer: CustomerPrincipal,
): Promise<CustomerStatus | null> {
  return customer.status !== undefined
    ? customer.status
    : asOverhead(() => findCustomerStatus(customer));
}

/**
 * Admission to the customer API: a customer principal whose status allows this request. The
 * status lookup is the pipeline's overhead, not the endpoint's work.
 */
export function admitCustomer(write: CustomerWrite = "change") {
  return async (principal: Principal | null, req: Request): Promise<CustomerPrincipal> => {
    const customer = requireCustomerPrincipal(principal);
    const status = await customerStatusOf(customer);
    const refusal = statusRefusal(status, req.method, write);
    if (refusal) throw refusal;
    return customer;
  };
}

export function requireStaffRole(
  principal: Principal | null,
  roles: readonly StaffRole[],
): StaffPrincipal {
  const p = requireSignedIn(principal);
  if (p.kind !== "staff" || !p.roles.some((r) => roles.includes(r))) {
    throw new AppError("forbidden", "Your role does not allow this.");
  }
  return p;
}

export function requireService(principal: Principal | null, role: FeedRole): ServicePrincipal {
  const p = requireSignedIn(principal);
  if (p.kind !== "service" || !p.roles.includes(role)) {
    throw new AppError("forbidden", `This feed needs a service account with the ${role} role.`);
  }
  return p;
}
