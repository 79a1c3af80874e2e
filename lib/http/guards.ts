import "server-only";
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
