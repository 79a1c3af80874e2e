import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import type { Values } from "../body";
import { ruleViolation } from "../errors";
import type { TableRules, WriteContext, WrittenRows } from "./types";

/**
 * Links between customers and accounts. The database keeps the rules that span rows: one role
 * per customer and account (the primary key, so a landlord cannot also be the occupier) and at
 * least one occupier per account (a deferred trigger, checked at commit). Both answer 409.
 */

/** Erased customers are closed for good: they cannot be linked again. */
async function insert(ctx: WriteContext, rows: Values[]): Promise<Values[]> {
  const ids = rows.map((r) => r.customer_id).filter((id): id is string => typeof id === "string");
  if (ids.length) {
    const closed = await queryRows<{ id: string }>(
      ctx.tx,
      sql`SELECT id FROM customers WHERE status = 'closed' AND id::text IN (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    if (closed.length) {
      throw ruleViolation(409, "An erased customer cannot be linked to an account.", {
        code: "erased_customer",
      });
    }
  }
  return rows;
}

function entry(
  kind: "AccountLinked" | "AccountUnlinked" | "AccountRoleChanged",
  row: Record<string, string | null>,
  data: Record<string, unknown>,
): ChangeEntry {
  const customerId = row.customer_id as string;
  const accountId = row.account_id as string;
  return {
    customerId,
    type: kind,
    data: { account_id: accountId, ...data },
    event: {
      type: kind === "AccountRoleChanged" ? "AccountUpdated" : kind,
      aggregateType: "account",
      aggregateId: accountId,
      payload: { accountId, customerId, ...data },
    },
  };
}

function events({ kind, before, after }: WrittenRows): ChangeEntry[] {
  if (kind === "insert") return after.map((row) => entry("AccountLinked", row, { role: row.role }));
  if (kind === "delete")
    return before.map((row) => entry("AccountUnlinked", row, { role: row.role }));
  return after.flatMap((row, i) => {
    const old = before[i];
    if (!old || old.role === row.role) return [];
    return [entry("AccountRoleChanged", row, { role: row.role, previousRole: old.role })];
  });
}

export const customerAccountRules: TableRules = { insert, events };
