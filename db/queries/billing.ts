import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { cursorKeys, decodeCursor, encodeCursor } from "@/lib/pagination";
import type { Bill, RecentBill } from "@/lib/schemas/types";
import { getReadDb, queryRows } from "../client";
import { fromAccountsOf } from "./account-sql";
import {
  isoDate,
  isoInstant,
  isoInstantPrecise,
  localToday as localTodayIn,
  money,
} from "./sql-format";

interface Page<T> {
  items: T[];
  next: string | null;
}

type Row = Record<string, unknown> & { cursor: [string, string] };

function toPage(rows: Row[] | null, limit: number): Page<Record<string, unknown>> {
  const list = rows ?? [];
  const items = list.slice(0, limit).map(({ cursor: _cursor, ...item }) => item);
  const last = list[limit - 1];
  return { items, next: list.length > limit && last ? encodeCursor(last.cursor) : null };
}

const localToday = localTodayIn(sql`coalesce(esco.timezone, 'UTC')`);

/** A bill as every bill list shows it, with `b` and `esco` in scope (json_build_object pairs). */
export const billFields = sql`'billId', b.id, 'billNumber', b.bill_number,
  'periodStart', ${isoDate(sql`b.period_start`)}, 'periodEnd', ${isoDate(sql`b.period_end`)},
  'issueDate', ${isoDate(sql`b.issue_date`)}, 'dueDate', ${isoDate(sql`b.due_date`)},
  'amount', ${money(sql`b.amount`, sql`coalesce(esco.minor, 2)`)},
  'currency', esco.currency, 'status', b.status,
  'overdue', b.status IN ('issued', 'partially_paid') AND b.due_date < ${localToday}`;

/** A payment as every payment list shows it, with `pm` and `esco` in scope. */
export const paymentFields = sql`'paymentId', pm.id, 'paidAt', ${isoInstant(sql`pm.paid_at`)},
  'paidOn', ${isoDate(sql`(pm.paid_at AT TIME ZONE coalesce(esco.timezone, 'UTC'))::date`)},
  'amount', ${money(sql`pm.amount`, sql`coalesce(esco.minor, 2)`)},
  'currency', esco.currency, 'method', pm.method, 'reference', pm.reference`;

interface PageRequest {
  principal: CustomerPrincipal;
  accountId: string;
  limit: number;
  cursor?: string;
}

/**
 * One page of an account's billing records in one statement: `items` selects the JSON array of
 * up to limit + 1 records (with `a` and `esco` in scope), so the extra one says a next page exists.
 */
async function billingPage({ principal, accountId, limit }: PageRequest, items: SQL) {
  const [row] = await queryRows<{ body: Row[] | null; currency: string | null }>(
    getReadDb(),
    sql`SELECT esco.currency, (${items}) AS body
        ${fromAccountsOf(principal, "billing", { balance: false })}
        WHERE a.id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  return { ...toPage(row.body, limit), currency: row.currency };
}

/** GET /api/accounts/{accountId}/bills: newest first, keyset-paged; needs the billing capability. */
export async function listBills(request: PageRequest) {
  const after = request.cursor ? decodeCursor(request.cursor, cursorKeys.dateAndId) : null;
  const page = await billingPage(
    request,
    sql`SELECT json_agg(json_build_object(
          ${billFields},
          'cursor', json_build_array(${isoDate(sql`b.issue_date`)}, b.id)
        ) ORDER BY b.issue_date DESC, b.id DESC)
        FROM (
          SELECT * FROM bills b
          WHERE b.account_id = a.id
            ${after ? sql`AND (b.issue_date, b.id) < (${after[0]}::date, ${after[1]}::uuid)` : sql``}
          ORDER BY b.issue_date DESC, b.id DESC
          LIMIT ${request.limit + 1}
        ) b`,
  );
  return { bills: page.items as Bill[], currency: page.currency, next: page.next };
}

/** GET /api/accounts/{accountId}/payments: newest first, keyset-paged; needs the billing capability. */
export async function listPayments(request: PageRequest) {
  const after = request.cursor ? decodeCursor(request.cursor, cursorKeys.instantAndId) : null;
  const page = await billingPage(
    request,
    sql`SELECT json_agg(json_build_object(
          ${paymentFields},
          'cursor', json_build_array(${isoInstantPrecise(sql`pm.paid_at`)}, pm.id)
        ) ORDER BY pm.paid_at DESC, pm.id DESC)
        FROM (
          SELECT * FROM payments pm
          WHERE pm.account_id = a.id
            ${after ? sql`AND (pm.paid_at, pm.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
          ORDER BY pm.paid_at DESC, pm.id DESC
          LIMIT ${request.limit + 1}
        ) pm`,
  );
  return { payments: page.items, currency: page.currency, next: page.next };
}

/** The latest bills across every account whose bills the principal may see (dashboard). */
export async function listRecentBills({
  principal,
  limit,
}: {
  principal: CustomerPrincipal;
  limit: number;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown>[] }>(
    getReadDb(),
    sql`SELECT coalesce(json_agg(x.bill ORDER BY x.issue_date DESC, x.id DESC), '[]'::json) AS body
        FROM (
          SELECT b.id, b.issue_date, json_build_object(
            'billId', b.id, 'billNumber', b.bill_number, 'accountId', a.id,
            'accountNumber', a.account_number, 'nickname', a.nickname,
            'periodStart', ${isoDate(sql`b.period_start`)}, 'periodEnd', ${isoDate(sql`b.period_end`)},
            'issueDate', ${isoDate(sql`b.issue_date`)}, 'dueDate', ${isoDate(sql`b.due_date`)},
            'amount', ${money(sql`b.amount`, sql`coalesce(esco.minor, 2)`)},
            'currency', esco.currency, 'status', b.status,
            'overdue', b.status IN ('issued', 'partially_paid') AND b.due_date < ${localToday}) AS bill
          ${fromAccountsOf(principal, "billing", { balance: false })}
          JOIN bills b ON b.account_id = a.id
          ORDER BY b.issue_date DESC, b.id DESC
          LIMIT ${limit}
        ) x`,
  );
  return (row?.body ?? []) as unknown as RecentBill[];
}
