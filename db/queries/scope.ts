import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { type Capability, rolesWith } from "@/lib/authz/capabilities";

/**
 * SQL condition on a `customers` alias that matches the principal's own, non-closed customer.
 * Bearer tokens carry only the identity's subject, so it is resolved here, in the same statement.
 */
export function isPrincipalCustomer(principal: CustomerPrincipal, alias = "c"): SQL {
  const c = sql.raw(alias);
  const who = principal.customerId
    ? sql`${c}.id = ${principal.customerId}::uuid`
    : sql`${c}.auth_subject = ${principal.subject}`;
  return sql`(${who} AND ${c}.status <> 'closed')`;
}

function roleList(capability: Capability): SQL {
  return sql.join(
    rolesWith(capability).map((r) => sql`${r}::account_role`),
    sql`, `,
  );
}

/**
 * The principal's links to accounts that grant `capability`: one row per account, with the role
 * and the principal's customer id.
 * Use it as a derived table: `FROM (${accountLinks(p, "view")}) links`.
 */
export function accountLinks(principal: CustomerPrincipal, capability: Capability): SQL {
  return sql`SELECT ca.account_id, ca.role, ca.customer_id
    FROM customer_accounts ca
    JOIN customers c ON c.id = ca.customer_id
    WHERE ${isPrincipalCustomer(principal)} AND ca.role IN (${roleList(capability)})`;
}

/** True when the principal holds a role on the account (an alias's `account_id`) granting the capability. */
export function canOnAccount(
  principal: CustomerPrincipal,
  capability: Capability,
  accountIdExpr: SQL,
): SQL {
  return sql`EXISTS (SELECT 1 FROM (${accountLinks(principal, capability)}) cap WHERE cap.account_id = ${accountIdExpr})`;
}

/** The capabilities a role column grants, as a JSON array, computed in SQL. */
export function capabilitiesJson(roleExpr: SQL): SQL {
  return sql`(SELECT coalesce(json_agg(cap ORDER BY ord), '[]'::json) FROM (VALUES
      ('view', 1, true),
      ('billing', 2, ${roleExpr} IN (${roleList("billing")})),
      ('usage', 3, ${roleExpr} IN (${roleList("usage")})),
      ('manage', 4, ${roleExpr} IN (${roleList("manage")}))
    ) AS caps(cap, ord, granted) WHERE granted)`;
}
