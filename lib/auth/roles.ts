import { type StaffRole, staffRoles } from "./realms";

export function toStaffRoles(roles: readonly string[]): StaffRole[] {
  return roles.filter((r): r is StaffRole => (staffRoles as readonly string[]).includes(r));
}
