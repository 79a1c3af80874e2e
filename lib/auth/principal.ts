import type { StaffRole } from "./realms";

/** Present when a member of staff is viewing the portal as this customer (read-only). */
export interface Impersonation {
  id: string;
  staffSubject: string;
  staffUsername: string;
  reason: string;
  expiresAt: string;
  customerName: string | null;
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
}

export interface StaffPrincipal {
  kind: "staff";
  subject: string;
  username: string;
  roles: StaffRole[];
  via: "session" | "bearer";
}

export type Principal = CustomerPrincipal | StaffPrincipal;

export function isReadOnly(principal: Principal): boolean {
  return principal.kind === "customer" && principal.impersonation !== undefined;
}
