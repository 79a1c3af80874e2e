import type { CustomerStatus } from "@/db/schema/customers";
import type { StaffRole } from "./realms";

/** Present when a member of staff is viewing the portal as this customer (read-only). */
export interface Impersonation {
  id: string;
  staffSubject: string;
  staffUsername: string;
  reason: string;
  expiresAt: string;
  customerName: string | null;
  /** The roles of the member of staff behind the view: what they may do bounds what it may. */
  staffRoles: StaffRole[];
}

export interface CustomerPrincipal {
  kind: "customer";
  /** The identity provider's `sub` of the person signed in. */
  subject: string;
  username: string;
  /**
   * Known for sessions (looked up at sign-in) and impersonation; bearer tokens carry only the
   * subject, and queries resolve it in the same statement.
   */
  customerId: string | null;
  roles: string[];
  via: "session" | "bearer";
  impersonation?: Impersonation;
  /**
   * The customer's status, where the request's own lookups already read it (the session check,
   * a view's session); null without a customer yet. Undefined for bearer tokens: the status
   * gates look it up.
   */
  status?: CustomerStatus | null;
}

export interface StaffPrincipal {
  kind: "staff";
  subject: string;
  username: string;
  roles: StaffRole[];
  via: "session" | "bearer";
}

/** The feeds a back-end service may deliver, as realm roles of its service account. */
export const feedRoles = ["meter-feed", "billing-feed"] as const;
export type FeedRole = (typeof feedRoles)[number];

/**
 * A back-end service (the meter or billing service) calling with its service account's token,
 * obtained with the client-credentials grant from the staff realm.
 */
export interface ServicePrincipal {
  kind: "service";
  subject: string;
  /** The confidential client the token was issued to (`azp`). */
  clientId: string;
  roles: FeedRole[];
  via: "bearer";
}

export type Principal = CustomerPrincipal | StaffPrincipal | ServicePrincipal;

export function isReadOnly(principal: Principal): boolean {
  return principal.kind === "customer" && principal.impersonation !== undefined;
}

/** Who is calling, as logs and metrics name it: an admin is the staff member holding that role. */
export type PrincipalKind = "customer" | "staff" | "admin" | "service" | "anonymous";

export function principalKind(principal: Principal | null): PrincipalKind {
  if (!principal) return "anonymous";
  if (principal.kind === "staff" && principal.roles.includes("admin")) return "admin";
  return principal.kind;
}
