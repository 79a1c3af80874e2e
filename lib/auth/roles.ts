import { type StaffRole, staffRoles } from "./realms";

export function toStaffRoles(roles: readonly string[]): StaffRole[] {
  return roles.filter((r): r is StaffRole => (staffRoles as readonly string[]).includes(r));
}

/** Who may take a customer's full data export: directly, or while viewing as the customer. */
export const EXPORT_ROLES: readonly StaffRole[] = ["csr", "supervisor", "admin"];

/** Who may read the full access audit of a customer in the console and the staff API. */
export const AUDIT_ROLES: readonly StaffRole[] = ["supervisor"];
