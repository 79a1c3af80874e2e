import "server-only";
import type { Principal, StaffPrincipal } from "@/lib/auth/principal";
import { issuerFor, realmName } from "@/lib/auth/realms";
import { type AccessRecord, recordAccess } from "@/lib/domain/access-audit";

/** Where a read came in: the admin API's reads are told apart from the console's. */
export type Door = "route" | "rest" | "page";

/**
 * Records one successful read of customer data. A customer's own read names them (or their
 * subject, for a bearer token); a view as the customer was already recorded when the view was
 * resumed; staff, admin API and service reads name the customers the handler says it read,
 * and a read that touched no customer's data records nothing.
 */
export function recordRead(
  principal: Principal,
  read: { door: Door; resource: string; requestId?: string | null; customers: Iterable<string> },
): void {
  if (principal.kind === "customer") {
    if (principal.impersonation) return;
    recordAccess({
      kind: "self",
      actorRealm: realmName(issuerFor("customer")),
      actorSubject: principal.subject,
      actorUsername: principal.username,
      customerId: principal.customerId,
      action: "read",
      resource: read.resource,
      requestId: read.requestId,
    });
    return;
  }
  const actor: Omit<AccessRecord, "customerId"> =
    principal.kind === "staff"
      ? {
          kind: read.door === "rest" ? "admin_api" : "staff",
          actorRealm: realmName(issuerFor("staff")),
          actorSubject: principal.subject,
          actorUsername: principal.username,
          action: "read",
          resource: read.resource,
          requestId: read.requestId,
        }
      : {
          kind: "service",
          actorRealm: realmName(issuerFor("staff")),
          actorSubject: principal.subject,
          actorUsername: principal.clientId,
          action: "read",
          resource: read.resource,
          requestId: read.requestId,
        };
  for (const customerId of new Set(read.customers)) recordAccess({ ...actor, customerId });
}

/** A console page's read of customers' data (a search's hits, a customer's page). */
export function recordStaffPageRead(
  staff: StaffPrincipal,
  read: { action: string; customers: Iterable<string>; resource: string },
): void {
  for (const customerId of new Set(read.customers)) {
    recordAccess({
      kind: "staff",
      actorRealm: realmName(issuerFor("staff")),
      actorSubject: staff.subject,
      actorUsername: staff.username,
      customerId,
      action: read.action,
      resource: read.resource,
    });
  }
}
