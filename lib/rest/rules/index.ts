import { accountRules, meterRules, premiseRules } from "./assets";
import { customerAccountRules } from "./customer-accounts";
import { customerInviteRules } from "./customer-invites";
import { customerTariffRules } from "./customer-tariffs";
import { customerRules } from "./customers";
import type { TableRules } from "./types";

const rules: Record<string, TableRules> = {
  customers: customerRules,
  customer_accounts: customerAccountRules,
  customer_invites: customerInviteRules,
  customer_tariffs: customerTariffRules,
  accounts: accountRules,
  premises: premiseRules,
  meters: meterRules,
};

/** The domain rules of a table; reference data (ESCOs, benchmark and microgrid tariffs) has none. */
export function rulesFor(table: string): TableRules {
  return rules[table] ?? {};
}
