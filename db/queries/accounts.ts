import { sql } from "drizzle-orm";
import type { AccountDetail, AccountList, AccountListItem, AccountSummary } from "@/lib/api/types";
import { type UsageWindow, windowJson } from "@/lib/api/usage-window";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { type Actor, recordChange } from "@/lib/domain/events";
import { AppError, notFound } from "@/lib/errors";
import { type Executor, getDb, queryRows } from "../client";
import { balanceSql, fromAccountsOf, ifGranted, roleGrants, usageByTypeRows } from "./account-sql";
import { accountLinks, capabilitiesJson } from "./scope";

/** Fields shared by the account list and the account detail. */
const accountFields = sql`
  'accountId', a.id,
  'accountNumber', a.account_number,
  'nickname', a.nickname,
  'type', a.type,
  'status', a.status,
  'role', l.role,
  'capabilities', ${capabilitiesJson(sql`l.role`)},
  'currency', esco.currency,
  'timezone', esco.timezone,
  'currentBalance', ${ifGranted(sql`l.role`, "billing", balanceSql.current)},
  'totalDueAmount', ${ifGranted(sql`l.role`, "billing", balanceSql.due)},
  'overdueAmount', ${ifGranted(sql`l.role`, "billing", balanceSql.overdue)},
  'nextDueDate', ${ifGranted(sql`l.role`, "billing", balanceSql.nextDueDate)},
  'lastPaymentDate', ${ifGranted(sql`l.role`, "billing", balanceSql.lastPaymentDate)},
  'lastPaymentAmount', ${ifGranted(sql`l.role`, "billing", balanceSql.lastPaymentAmount)}`;

/**
 * GET /api/accounts: every account the principal may see, with balances where their role
 * allows, and usage per meter type in the window.
 */
export async function listAccounts({
  principal,
  window,
}: {
  principal: CustomerPrincipal;
  window: UsageWindow;
}) {
  const [row] = await queryRows<{ body: unknown[] }>(
    getDb(),
    sql`SELECT coalesce(json_agg(json_build_object(
          ${accountFields},
          'premisesCount', (SELECT count(*) FROM premises p WHERE p.account_id = a.id),
          'metersCount', (SELECT count(*) FROM meters m JOIN premises p ON p.id = m.premise_id WHERE p.account_id = a.id),
          'usageByType', CASE WHEN ${roleGrants(sql`l.role`, "usage")} THEN
            (SELECT coalesce(json_object_agg(u.type, json_build_object('usage', u.current, 'unit', u.unit) ORDER BY u.type), '{}'::json)
             FROM (${usageByTypeRows(sql`a.id`, window)}) u) END
        ) ORDER BY a.account_number), '[]'::json) AS body
        ${fromAccountsOf(principal, "view")}`,
  );
  return {
    accounts: (row?.body ?? []) as AccountListItem[],
    window: windowJson(window),
  } satisfies AccountList;
}

/** GET /api/accounts/{accountId}: the account with its premises and their meters. */
export async function getAccountDetail({
  principal,
  accountId,
}: {
  principal: CustomerPrincipal;
  accountId: string;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getDb(),
    sql`SELECT json_build_object(
          ${accountFields},
          'premises', (SELECT coalesce(json_agg(json_build_object(
              'premiseId', p.id, 'street', p.street, 'unit', p.unit, 'city', p.city,
              'state', p.state, 'zip', p.zip, 'country', p.country, 'isPrimary', p.is_primary,
              'meters', (SELECT coalesce(json_agg(json_build_object(
                  'meterId', m.id, 'meterNumber', m.meter_number, 'type', m.type,
                  'status', m.status, 'unit', m.unit, 'isSmart', m.is_smart
                ) ORDER BY m.meter_number), '[]'::json) FROM meters m WHERE m.premise_id = p.id)
            ) ORDER BY p.is_primary DESC, p.street, p.unit NULLS FIRST), '[]'::json)
            FROM premises p WHERE p.account_id = a.id)
        ) AS body
        ${fromAccountsOf(principal, "view")}
        WHERE a.id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  return row.body as unknown as AccountDetail;
}

/** GET /api/accounts/{accountId}/summary: balances, counts and usage against the previous window. */
export async function getAccountSummary({
  principal,
  accountId,
  window,
}: {
  principal: CustomerPrincipal;
  accountId: string;
  window: UsageWindow;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getDb(),
    sql`SELECT json_build_object(
          ${accountFields},
          'totalPremises', (SELECT count(*) FROM premises p WHERE p.account_id = a.id),
          'totalMeters', (SELECT count(*) FROM meters m JOIN premises p ON p.id = m.premise_id WHERE p.account_id = a.id),
          'usage', CASE WHEN ${roleGrants(sql`l.role`, "usage")} THEN (
            SELECT json_build_object(
              'usageByType', coalesce(json_object_agg(u.type, json_build_object('usage', u.current, 'unit', u.unit) ORDER BY u.type), '{}'::json),
              'previousUsageByType', coalesce(json_object_agg(u.type, json_build_object('usage', u.previous, 'unit', u.unit) ORDER BY u.type), '{}'::json))
            FROM (${usageByTypeRows(sql`a.id`, window)}) u) END
        ) AS body
        ${fromAccountsOf(principal, "view")}
        WHERE a.id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  const { usage, ...account } = row.body as { usage: Record<string, unknown> | null };
  return {
    ...(account as Omit<AccountSummary, "window" | "usageByType" | "previous">),
    window: windowJson(window),
    usageByType: usage?.usageByType ?? null,
    previous: { ...windowJson(window).previous, usageByType: usage?.previousUsageByType ?? null },
  };
}

interface LockedAccount {
  id: string;
  account_number: string;
  nickname: string | null;
  role: string;
  can_manage: boolean;
  customer_id: string;
}

/**
 * Locks an account the principal can see, for a change that needs the manage capability:
 * 404 when it is not theirs to see, 403 when their role only lets them look.
 */
export async function lockAccountForChange(
  tx: Executor,
  principal: CustomerPrincipal,
  accountId: string,
): Promise<LockedAccount> {
  const [account] = await queryRows<LockedAccount>(
    tx,
    sql`SELECT a.id, a.account_number, a.nickname, l.role,
               ${roleGrants(sql`l.role`, "manage")} AS can_manage,
               l.customer_id
        FROM (${accountLinks(principal, "view")}) l
        JOIN accounts a ON a.id = l.account_id
        WHERE a.id = ${accountId}::uuid
        FOR UPDATE OF a`,
  );
  if (!account) throw notFound("account");
  if (!account.can_manage) {
    throw new AppError("forbidden", "Your role on this account does not allow changes.");
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
        payload: { accountId, accountNumber: account.account_number, nickname },
      },
    });
  });
  return getAccountDetail({ principal, accountId });
}
