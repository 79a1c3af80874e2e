import { type SQL, sql } from "drizzle-orm";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { type Capability, rolesWith } from "@/lib/authz/capabilities";
import { type UsageWindow, windowBounds } from "@/lib/usage-window";
import { accountLinks } from "./scope";
import { isoDate, localToday as localTodayIn, money, quantity } from "./sql-format";

/*
 * Fragments for queries over an `accounts a` row. They are lateral joins, so one statement can
 * answer for any number of accounts without a query per account.
 */

/** `esco`: the account's ESCO (that of its primary premise): currency, minor unit, timezone. */
export const accountEsco = sql`LEFT JOIN LATERAL (
    SELECT e.code, e.currency, e.currency_minor_unit AS minor, e.timezone
    FROM premises ep JOIN escos e ON e.id = ep.esco_id
    WHERE ep.account_id = a.id
    ORDER BY ep.is_primary DESC, ep.created_at, ep.id
    LIMIT 1
  ) esco ON true`;

const localToday = localTodayIn(sql`coalesce(esco.timezone, 'UTC')`);

/**
 * Today in the ESCO of the account aliased `alias` (UTC without premises), by the portal's
 * clock: the date an account closed today closes on.
 */
export function accountToday(alias: string): SQL {
  const a = sql.raw(alias);
  return localTodayIn(sql`coalesce((SELECT e.timezone FROM premises ep JOIN escos e ON e.id = ep.esco_id
      WHERE ep.account_id = ${a}.id ORDER BY ep.is_primary DESC, ep.created_at, ep.id LIMIT 1), 'UTC')`);
}
const openBill = sql`b.status IN ('issued', 'partially_paid')`;

/**
 * `bal`: balance = bills − payments. Payments settle the oldest bills first, so the part of the
 * balance not covered by bills still to fall due is overdue.
 */
export const accountBalance = sql`LEFT JOIN LATERAL (
    SELECT
      coalesce((SELECT sum(b.amount) FROM bills b WHERE b.account_id = a.id AND b.status <> 'void'), 0)
        - coalesce((SELECT sum(p.amount) FROM payments p WHERE p.account_id = a.id), 0) AS balance,
      coalesce((SELECT sum(b.amount) FROM bills b
                WHERE b.account_id = a.id AND ${openBill} AND b.due_date >= ${localToday}), 0) AS not_yet_due,
      (SELECT min(b.due_date) FROM bills b
       WHERE b.account_id = a.id AND ${openBill} AND b.due_date >= ${localToday}) AS next_due_date
  ) bal ON true
  LEFT JOIN LATERAL (
    SELECT p.paid_at, p.amount FROM payments p WHERE p.account_id = a.id
    ORDER BY p.paid_at DESC LIMIT 1
  ) lastpay ON true`;

const minor = sql`coalesce(esco.minor, 2)`;

export const balanceSql = {
  current: money(sql`bal.balance`, minor),
  due: money(sql`greatest(bal.balance, 0)`, minor),
  overdue: money(sql`greatest(bal.balance - bal.not_yet_due, 0)`, minor),
  nextDueDate: isoDate(sql`bal.next_due_date`),
  lastPaymentDate: isoDate(
    sql`(lastpay.paid_at AT TIME ZONE coalesce(esco.timezone, 'UTC'))::date`,
  ),
  lastPaymentAmount: money(sql`lastpay.amount`, minor),
};

/** SQL true when the role column grants the capability. */
export function roleGrants(roleExpr: SQL, capability: "billing" | "usage" | "manage"): SQL {
  return sql`${roleExpr} IN (${sql.join(
    rolesWith(capability).map((r) => sql`${r}::account_role`),
    sql`, `,
  )})`;
}

/** Only when the role grants the capability; otherwise null. */
export function ifGranted(
  roleExpr: SQL,
  capability: "billing" | "usage" | "manage",
  value: SQL,
): SQL {
  return sql`CASE WHEN ${roleGrants(roleExpr, capability)} THEN ${value} END`;
}

/**
 * Usage per meter type on the meters of the accounts `accountIds` selects, over the window and
 * the one before it: rows of (type, unit, current, previous). Windows of dates (the usual case)
 * add up the meters' daily rollups; windows of exact instants add up the raw reads.
 */
export function usageByTypeRows(accountIds: SQL, window: UsageWindow): SQL {
  if (window.kind === "date") {
    return sql`SELECT m.type, m.unit,
        ${quantity(sql`coalesce(sum(d.consumption) FILTER (WHERE d.day >= ${window.from}::date), 0)`)} AS current,
        ${quantity(sql`coalesce(sum(d.consumption) FILTER (WHERE d.day < ${window.from}::date), 0)`)} AS previous
      FROM premises p
      JOIN meters m ON m.premise_id = p.id
      LEFT JOIN meter_daily_usage d
        ON d.meter_id = m.id AND d.day >= ${window.previousFrom}::date AND d.day < ${window.to}::date
      WHERE p.account_id IN (${accountIds})
      GROUP BY m.type, m.unit`;
  }
  const w = windowBounds(window, sql`e.timezone`);
  return sql`SELECT m.type, m.unit,
      ${quantity(sql`coalesce(sum(r.consumption) FILTER (WHERE r.read_at > ${w.from}), 0)`)} AS current,
      ${quantity(sql`coalesce(sum(r.consumption) FILTER (WHERE r.read_at <= ${w.from}), 0)`)} AS previous
    FROM premises p
    JOIN escos e ON e.id = p.esco_id
    JOIN meters m ON m.premise_id = p.id
    LEFT JOIN meter_readings r
      ON r.meter_id = m.id AND r.read_at > ${w.previousFrom} AND r.read_at <= ${w.to}
    WHERE p.account_id IN (${accountIds})
    GROUP BY m.type, m.unit`;
}

/** `{ "electric": { "usage": 12.5, "unit": "kWh" } }` from usageByTypeRows, for `column`. */
export function usageByTypeJson(rows: SQL, column: "current" | "previous"): SQL {
  return sql`(SELECT coalesce(json_object_agg(u.type, json_build_object('usage', u.${sql.raw(column)}, 'unit', u.unit) ORDER BY u.type), '{}'::json)
    FROM (${rows}) u)`;
}

/**
 * `FROM` the accounts the principal holds `capability` on, as `l` (link) and `a` (account), with
 * `esco` and, unless left out, the balance laterals `bal` and `lastpay`.
 */
export function fromAccountsOf(
  principal: CustomerPrincipal,
  capability: Capability,
  options: { balance?: boolean } = {},
): SQL {
  return sql`FROM (${accountLinks(principal, capability)}) l
    JOIN accounts a ON a.id = l.account_id
    ${accountEsco}
    ${options.balance === false ? sql`` : accountBalance}`;
}
