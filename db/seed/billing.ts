import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../client";
import { bills, payments } from "../schema";
import { demoAccounts, demoCustomers, demoLinks, demoPrices } from "./demo-data";
import { accountId } from "./static";

const accountIds = () =>
  sql.join(
    demoAccounts.map((a) => sql`${accountId(a.accountNumber)}::uuid`),
    sql`, `,
  );

/**
 * Monthly bills priced from the stored readings: electricity on the customer's tariff where they
 * have one, everything else at the ESCO's list prices, plus a daily standing charge per meter.
 * A bill is issued on the 3rd of the next month and due three weeks later; `todayByEsco` rows
 * (esco_code, today) say which have been issued so far.
 */
export async function seedBills(tx: Executor, range: { from: string; todayByEsco: SQL }) {
  const prices = sql.join(
    demoPrices.map(
      (p) => sql`(${p.esco}, ${p.type}, ${p.unitRate}::numeric, ${p.standing}::numeric)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    WITH today_by_esco(esco, today) AS (VALUES ${range.todayByEsco}),
    months AS (
      SELECT m::date AS month
      FROM generate_series(date_trunc('month', ${range.from}::date) + interval '1 month',
                           (SELECT max(today) FROM today_by_esco), interval '1 month') AS m
    ),
    meter_months AS (
      SELECT a.id AS account_id, a.account_number, mo.month, me.id AS meter_id, me.type, e.code AS esco,
             tbe.today,
             mo.month::timestamp AT TIME ZONE e.timezone AS starts,
             (mo.month + interval '1 month')::timestamp AT TIME ZONE e.timezone AS ends,
             ((mo.month + interval '1 month')::date - mo.month) AS days
      FROM accounts a
      JOIN premises p ON p.account_id = a.id
      JOIN escos e ON e.id = p.esco_id
      JOIN today_by_esco tbe ON tbe.esco = e.code
      JOIN meters me ON me.premise_id = p.id
      CROSS JOIN months mo
      WHERE a.id IN (${accountIds()})
    ),
    charges AS (
      SELECT mm.account_id, mm.account_number, mm.month, max(mm.today) AS today,
             sum(coalesce(u.used, 0) * coalesce(t.unit_rate, lp.unit_rate)
                 + mm.days * coalesce(t.standing, lp.standing)) AS amount
      FROM meter_months mm
      JOIN (VALUES ${prices}) AS lp(esco, type, unit_rate, standing)
        ON lp.esco = mm.esco AND lp.type = mm.type::text
      LEFT JOIN LATERAL (
        SELECT sum(r.consumption) AS used FROM meter_readings r
        WHERE r.meter_id = mm.meter_id AND r.read_at > mm.starts AND r.read_at <= mm.ends
      ) u ON true
      LEFT JOIN LATERAL (
        SELECT ct.computed_unit_rate AS unit_rate, ct.computed_standing_charge AS standing
        FROM customer_accounts ca
        JOIN customer_tariffs ct ON ct.customer_id = ca.customer_id
        WHERE ca.account_id = mm.account_id AND ca.role = 'occupier' AND mm.type = 'electric'
          AND ct.period_start <= mm.month
        ORDER BY ct.period_start DESC LIMIT 1
      ) t ON true
      GROUP BY mm.account_id, mm.account_number, mm.month
    )
    INSERT INTO ${bills} (id, account_id, bill_number, period_start, period_end, issue_date, due_date, amount, status)
    SELECT md5('bill:' || account_id::text || ':' || month::text)::uuid, account_id,
           account_number || '-' || to_char(month, 'YYYYMM'),
           month, (month + interval '1 month' - interval '1 day')::date,
           (month + interval '1 month' + interval '2 days')::date,
           (month + interval '1 month' + interval '23 days')::date,
           round(amount, 2), 'issued'
    FROM charges
    WHERE (month + interval '1 month' + interval '2 days')::date <= today
    ON CONFLICT (account_id, period_start) DO NOTHING`);
}

/**
 * Bills past their due date are paid in full a few days before it, by the occupier's usual
 * method; an account in arrears leaves its last six weeks of bills unpaid. `todayByEsco` rows
 * are (esco_code, today).
 */
export async function seedPayments(tx: Executor, todayByEsco: SQL) {
  const methods = sql.join(
    demoLinks
      .filter((l) => l.role === "occupier")
      .map((l) => {
        const method = demoCustomers.find((c) => c.key === l.customer)?.paymentMethod ?? "card";
        return sql`(${accountId(l.account)}::uuid, ${method}::payment_method)`;
      }),
    sql`, `,
  );
  const arrears = demoAccounts.filter((a) => a.inArrears).map((a) => accountId(a.accountNumber));
  const inArrears = arrears.length
    ? sql`b.account_id IN (${sql.join(
        arrears.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND b.due_date >= t.today - 45`
    : sql`false`;
  await tx.execute(sql`
    WITH settled AS (
      SELECT b.id, b.account_id, b.amount, b.due_date, b.bill_number, pm.method
      FROM ${bills} b
      JOIN (VALUES ${methods}) AS pm(account_id, method) ON pm.account_id = b.account_id
      JOIN premises p ON p.account_id = b.account_id AND p.is_primary
      JOIN escos e ON e.id = p.esco_id
      JOIN (VALUES ${todayByEsco}) AS t(esco, today) ON t.esco = e.code
      WHERE b.account_id IN (${accountIds()})
        AND b.due_date < t.today AND b.status = 'issued' AND b.amount > 0
        AND NOT (${inArrears})
    ),
    paid AS (
      INSERT INTO ${payments} (id, account_id, paid_at, amount, method, reference)
      SELECT md5('payment:' || id::text)::uuid, account_id,
             (due_date - (abs(hashtext(id::text)) % 8))::timestamp + interval '10 hours',
             amount, method, 'PAY-' || bill_number
      FROM settled
      ON CONFLICT (id) DO NOTHING
      RETURNING 1
    )
    UPDATE ${bills} SET status = 'paid' WHERE id IN (SELECT id FROM settled)`);
}
