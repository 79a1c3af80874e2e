import { sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "@/db/client";
import { roleGrants } from "@/db/queries/account-sql";
import { getAccountDetail } from "@/db/queries/accounts";
import { accountLinks } from "@/db/queries/scope";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { AppError, notFound } from "@/lib/errors";
import { type Actor, recordChange } from "./events";

interface LockedAccount {
  id: string;
  account_number: string;
  nickname: string | null;
  status: string;
  role: string;
  can_manage: boolean;
  customer_id: string;
}

/**
 * Locks an account the principal can see, for a change that needs the manage capability:
 * 404 when it is not theirs to see, 403 when their role only lets them look. The lock is FOR NO
 * KEY UPDATE: it orders changes to the account, yet lets the audit and outbox rows that name it
 * (whose foreign keys take FOR KEY SHARE) be written meanwhile.
 */
export async function lockAccountForChange(
  tx: Executor,
  principal: CustomerPrincipal,
  accountId: string,
): Promise<LockedAccount> {
  const [account] = await queryRows<LockedAccount>(
    tx,
    sql`SELECT a.id, a.account_number, a.nickname, a.status, l.role,
               ${roleGrants(sql`l.role`, "manage")} AS can_manage,
               l.customer_id
        FROM (${accountLinks(principal, "view")}) l
        JOIN accounts a ON a.id = l.account_id
        WHERE a.id = ${accountId}::uuid
        FOR NO KEY UPDATE OF a`,
  );
  if (!account) throw notFound("account");
  if (!account.can_manage) {
    throw new AppError("forbidden", "Your role on this account does not allow changes.");
  }
  if (account.status === "closed") {
    throw new AppError(
      "account_closed",
      `Account ${account.account_number} is closed: its history can be read, but it cannot be changed.`,
    );
  }
  return account;
}

/** PUT /api/accounts/{accountId}: rename (or clear the nickname). */
export async function renameAccount({
  principal,
  actor,
  accountId,
  nickname,
}: {
  principal: CustomerPrincipal;
  actor: Actor;
  accountId: string;
  nickname: string | null;
}) {
  await getDb().transaction(async (tx) => {
    const account = await lockAccountForChange(tx, principal, accountId);
    if (account.nickname === nickname) return;
    await tx.execute(
      sql`UPDATE accounts SET nickname = ${nickname}, updated_at = now() WHERE id = ${accountId}::uuid`,
    );
    await recordChange(tx, {
      customerId: account.customer_id,
      type: "AccountRenamed",
      actor,
      data: {
        accountId,
        accountNumber: account.account_number,
        from: account.nickname,
        to: nickname,
      },
      event: {
        type: "AccountUpdated",
        aggregateType: "account",
        aggregateId: accountId,
        // The nickname is the customer's own words: consumers read it from the account.
        payload: { accountId, accountNumber: account.account_number, fields: ["nickname"] },
      },
    });
  });
  return getAccountDetail({ principal, accountId });
}
