import { type AccountRole, accountRoles } from "@/db/schema/accounts";

/**
 * What each role on an account allows (ARCHITECTURE.md). Every account-scoped query asks for
 * one capability, and sees only the accounts where the principal holds a role granting it.
 */
export const capabilityRoles = {
  /** The account, its premises and meters. */
  view: ["occupier", "agent", "billing", "landlord"],
  /** Balance, bills and payments. */
  billing: ["occupier", "agent", "billing"],
  /** Readings and usage. */
  usage: ["occupier", "agent"],
  /** Rename the account, choose the primary premise, edit premises. */
  manage: ["occupier", "agent"],
} as const satisfies Record<string, readonly AccountRole[]>;

export type Capability = keyof typeof capabilityRoles;

export const capabilityNames = Object.keys(capabilityRoles) as Capability[];

export function rolesWith(capability: Capability): readonly AccountRole[] {
  return capabilityRoles[capability];
}

export function capabilitiesOf(role: AccountRole): Capability[] {
  return capabilityNames.filter((c) =>
    (capabilityRoles[c] as readonly AccountRole[]).includes(role),
  );
}

export function isAccountRole(value: string): value is AccountRole {
  return (accountRoles as readonly string[]).includes(value);
}
