import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { accountToday } from "@/db/queries/account-sql";
import type { AccountRole } from "@/db/schema/accounts";
import { isDateString } from "@/lib/calendar";
import { AppError, notFound } from "@/lib/errors";
import type { Actor } from "./events";
import { type ChangeEntry, recordChanges } from "./record-changes";

export interface ClosedAccount {
  accountId: string;
  accountNumber: string;
  status: "closed";
  closedOn: string;
}

/**
 * Move-out: the account is closed as of `closedOn` (today in its ESCO when not given, never
 * later). Its premises, meters, reads, bills and payments stay, and so do its links, so those
 * who held it keep reading its history. The status change goes to the outbox and into the
 * audit trail of everyone linked to it, in the caller's transaction.
 */
export async function closeAccount(
  tx: Executor,
  { accountId, closedOn, actor }: { accountId: string; closedOn?: string; actor: Actor },
): Promise<ClosedAccount> {
  const [account] = await queryRows<{
    status: string;
    account_number: string;
    closed_on: string | null;
    today: string;
    links: { customerId: string; role: AccountRole }[];
  }>(
    tx,
    sql`SELECT a.status, a.account_number, a.closed_on::text AS closed_on,
          ${accountToday("a")}::text AS today,
          coalesce((SELECT json_agg(json_build_object('customerId', ca.customer_id, 'role', ca.role)
                      ORDER BY ca.customer_id)
                    FROM customer_accounts ca WHERE ca.account_id = a.id), '[]'::json) AS links
        FROM accounts a WHERE a.id = ${accountId}::uuid FOR UPDATE`,
  );
  if (!account) throw notFound("account");
  if (account.status === "closed") {
    throw new AppError(
      "conflict",
      `Account ${account.account_number} is already closed${account.closed_on ? ` (on ${account.closed_on})` : ""}.`,
    );
  }
  const on = closedOn ?? account.today;
  if (!isDateString(on) || on > account.today) {
    throw new AppError("validation_failed", "The closing date must be a date, today or earlier.", {
      errors: [
        { field: "closedOn", code: "invalid_date", message: `Use a date up to ${account.today}.` },
      ],
    });
  }
  await tx.execute(sql`UPDATE accounts SET status = 'closed', closed_on = ${on}::date,
      updated_at = now() WHERE id = ${accountId}::uuid`);

  const changes: ChangeEntry[] = [
    {
      type: "AccountStatusChanged",
      event: {
        type: "AccountStatusChanged",
        aggregateType: "account",
        aggregateId: accountId,
        payload: { id: accountId, from: account.status, to: "closed", closedOn: on },
      },
    },
    ...account.links.map((link) => ({
      customerId: link.customerId,
      type: "AccountClosed",
      data: { account_id: accountId, role: link.role, from: account.status, closedOn: on },
    })),
  ];
  await recordChanges(tx, actor, changes);
  return { accountId, accountNumber: account.account_number, status: "closed", closedOn: on };
}
