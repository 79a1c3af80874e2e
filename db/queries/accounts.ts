import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { AppError, notFound } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/pagination";
import type { AccountDetail, AccountList, AccountSummary } from "@/lib/schemas/types";
import { type UsageWindow, windowJson } from "@/lib/usage-window";
import { getDb, getReadDb, queryRows } from "../client";
import {
  accountBalance,
  accountEsco,
  balanceSql,
  fromAccountsOf,
  ifGranted,
  roleGrants,
  usageByTypeRows,
} from "./account-sql";
import { premisesInOrder } from "./addresses";
import { capabilitiesJson } from "./scope";

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

/** `usage` is electricity; `gas` and `water` their own meters' usage in the window. */
export const ACCOUNT_SORTS = ["name", "number", "balance", "due", "usage", "gas", "water"] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountListOptions {
  /** Matches the nickname or the account number, ignoring case. */
  q?: string;
  sort?: AccountSort;
  dir?: "asc" | "desc";
  limit?: number;
  cursor?: string;
}

export const ACCOUNT_PAGE = { default: 100, max: 500 };

/**
 * Each sort's key, never null so that keyset comparisons hold: accounts without the figure
 * (a role that does not see balances, no electricity) sort as the lowest values.
 */
const sortKeys: Record<AccountSort, { key: SQL; type: string }> = {
  name: { key: sql`lower(coalesce(a.nickname, a.account_number))`, type: "text" },
  number: { key: sql`a.account_number::text`, type: "text" },
  balance: {
    key: sql`coalesce(${ifGranted(sql`l.role`, "billing", sql`bal.balance`)}, -1e15)`,
    type: "numeric",
  },
  due: {
    key: sql`coalesce(${ifGranted(sql`l.role`, "billing", sql`bal.next_due_date`)}, '9999-12-31'::date)`,
    type: "date",
  },
  usage: { key: sql`coalesce(usage.electric, -1)`, type: "numeric" },
  gas: { key: sql`coalesce(usage.gas, -1)`, type: "numeric" },
  water: { key: sql`coalesce(usage.water, -1)`, type: "numeric" },
};

const accountCursor = z.tuple([
  z.enum(ACCOUNT_SORTS),
  z.enum(["asc", "desc"]),
  z.string().max(200),
  z.string().max(32),
]);

/**
 * GET /api/accounts: the accounts the principal may see, a page at a time, filtered and sorted
 * on the server (a business customer may hold hundreds), with balances where their role allows
 * and usage per meter type in the window. `total` and `totals` cover every matching account:
 * the totals add up the same per-account figures the rows show, so a page's rows, its totals and
 * the customer summary agree.
 */
export async function listAccounts({
  principal,
  window,
  options = {},
}: {
  principal: CustomerPrincipal;
  window: UsageWindow;
  options?: AccountListOptions;
}) {
  const sort = options.sort ?? "number";
  const dir = options.dir ?? "asc";
  const limit = Math.min(options.limit ?? ACCOUNT_PAGE.default, ACCOUNT_PAGE.max);
  const { key, type } = sortKeys[sort];
  const after = options.cursor ? decodeCursor(options.cursor, accountCursor) : null;
  if (after && (after[0] !== sort || after[1] !== dir)) {
    throw new AppError("validation_failed", "The cursor belongs to another ordering.", {
      errors: [{ field: "cursor", message: "Invalid cursor", code: "invalid_cursor" }],
    });
  }
  const order = sql.raw(dir === "asc" ? "ASC" : "DESC");
  const keyset = after
    ? sql`AND (r.k, r.account_number) ${sql.raw(dir === "asc" ? ">" : "<")} (${after[2]}::${sql.raw(type)}, ${after[3]}::text)`
    : sql``;
  const filter = options.q?.trim()
    ? sql`AND strpos(lower(coalesce(a.nickname, '') || ' ' || a.account_number), lower(${options.q.trim()})) > 0`
    : sql``;
  const [row] = await queryRows<{ body: Omit<AccountList, "window"> & { last: string[] | null } }>(
    getReadDb(),
    sql`WITH r AS (
        SELECT a.id, l.role, a.account_number, ${key} AS k, esco.currency,
               ${ifGranted(sql`l.role`, "billing", sql`bal.balance`)} AS balance,
               ${ifGranted(sql`l.role`, "billing", sql`greatest(bal.balance, 0)`)} AS due,
               usage.electric, usage.by_type
        ${fromAccountsOf(principal, "view")}
        LEFT JOIN LATERAL (
          SELECT coalesce(json_object_agg(u.type, json_build_object('usage', u.current, 'unit', u.unit) ORDER BY u.type), '{}'::json) AS by_type,
                 max(u.current) FILTER (WHERE u.type = 'electric') AS electric,
                 max(u.current) FILTER (WHERE u.type = 'gas') AS gas,
                 max(u.current) FILTER (WHERE u.type = 'water') AS water
          FROM (${usageByTypeRows(sql`a.id`, window)}) u
        ) usage ON ${roleGrants(sql`l.role`, "usage")}
        WHERE true ${filter}
      ),
      page AS (
        SELECT * FROM r WHERE true ${keyset}
        ORDER BY r.k ${order}, r.account_number ${order} LIMIT ${limit + 1}
      ),
      shown AS (SELECT * FROM page ORDER BY k ${order}, account_number ${order} LIMIT ${limit}),
      -- The full JSON only for the accounts on the page.
      items AS (
        SELECT s.k, s.account_number, json_build_object(
                 ${accountFields},
                 'premisesCount', (SELECT count(*) FROM premises p WHERE p.account_id = a.id),
                 'metersCount', (SELECT count(*) FROM meters m JOIN premises p ON p.id = m.premise_id WHERE p.account_id = a.id),
                 'usageByType', s.by_type
               ) AS item
        FROM shown s
        JOIN accounts a ON a.id = s.id
        CROSS JOIN LATERAL (SELECT s.role) AS l(role)
        ${accountEsco}
        ${accountBalance}
      )
      SELECT json_build_object(
        'accounts', (SELECT coalesce(json_agg(item ORDER BY k ${order}, account_number ${order}), '[]'::json) FROM items),
        'total', (SELECT count(*) FROM r),
        'totals', json_build_object(
          'byCurrency', (SELECT coalesce(json_agg(json_build_object('currency', t.currency, 'currentBalance', t.balance, 'totalDueAmount', t.due) ORDER BY t.currency), '[]'::json)
                         FROM (SELECT currency, sum(balance) AS balance, sum(due) AS due FROM r
                               WHERE currency IS NOT NULL AND balance IS NOT NULL GROUP BY currency) t),
          'electricity', json_build_object('usage', (SELECT coalesce(sum(electric), 0) FROM r), 'unit', 'kWh'),
          'usageByType', (SELECT coalesce(json_object_agg(t.type, json_build_object('usage', t.usage, 'unit', t.unit) ORDER BY t.type), '{}'::json)
                          FROM (SELECT f.key AS type, f.value->>'unit' AS unit, sum((f.value->>'usage')::numeric) AS usage
                                FROM r CROSS JOIN LATERAL json_each(r.by_type) f GROUP BY f.key, f.value->>'unit') t)),
        'last', CASE WHEN (SELECT count(*) FROM page) > ${limit}
                THEN (SELECT json_build_array(k::text, account_number) FROM shown
                      ORDER BY k ${sql.raw(dir === "asc" ? "DESC" : "ASC")}, account_number ${sql.raw(dir === "asc" ? "DESC" : "ASC")} LIMIT 1) END
      ) AS body`,
  );
  const { last, ...body } = row?.body ?? {
    accounts: [],
    total: 0,
    totals: { byCurrency: [], electricity: { usage: 0, unit: "kWh" }, usageByType: {} },
    last: null,
  };
  return {
    ...body,
    window: windowJson(window),
    next: last ? encodeCursor([sort, dir, ...last]) : null,
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
            )), '[]'::json)
            FROM premises p WHERE p.account_id = a.id)
        ) AS body
        ${fromAccountsOf(principal, "view")}
        WHERE a.id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  const detail = row.body as unknown as AccountDetail;
  return { ...detail, premises: premisesInOrder(detail.premises) };
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
    getReadDb(),
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
