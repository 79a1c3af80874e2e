import "server-only";
import type { Principal, ServicePrincipal, StaffPrincipal } from "@/lib/auth/principal";
import { issuerFor, realmName } from "@/lib/auth/realms";
import { type AccessRecord, recordAccess } from "@/lib/domain/access-audit";

/** Where a read came in: the admin API's reads are told apart from the console's. */
export type Door = "route" | "rest" | "page";

type Reader = Pick<AccessRecord, "kind" | "actorRealm" | "actorSubject" | "actorUsername">;
type Read = Pick<AccessRecord, "action" | "resource" | "requestId">;

/** Who read, as the audit names them: staff (or the admin API) and services are staff-realm. */
function readerOf(principal: StaffPrincipal | ServicePrincipal, door: Door): Reader {
  const actorRealm = realmName(issuerFor("staff"));
  return principal.kind === "staff"
    ? {
        kind: door === "rest" ? "admin_api" : "staff",
        actorRealm,
        actorSubject: principal.subject,
        actorUsername: principal.username,
      }
    : {
        kind: "service",
        actorRealm,
        actorSubject: principal.subject,
        actorUsername: principal.clientId,
      };
}

/** One record per customer read, each customer once. */
function recordEach(reader: Reader, read: Read, customers: Iterable<string>): void {
  for (const customerId of new Set(customers)) recordAccess({ ...reader, ...read, customerId });
}

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
  const what: Read = { action: "read", resource: read.resource, requestId: read.requestId };
  if (principal.kind === "customer") {
    if (principal.impersonation) return;
    recordAccess({
      kind: "self",
      actorRealm: realmName(issuerFor("customer")),
      actorSubject: principal.subject,
      actorUsername: principal.username,
      customerId: principal.customerId,
      ...what,
    });
    return;
  }
  recordEach(readerOf(principal, read.door), what, read.customers);
}

/** A console page's read of customers' data (a search's hits, a customer's page). */
export function recordStaffPageRead(
  staff: StaffPrincipal,
  read: { action: string; customers: Iterable<string>; resource: string },
): void {
  recordEach(
    readerOf(staff, "page"),
    { action: read.action, resource: read.resource },
    read.customers,
  );
}
