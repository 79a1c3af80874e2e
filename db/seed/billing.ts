import { type SQL, sql } from "drizzle-orm";
import type { Actor } from "@/lib/domain/events";
import { applyBillBatch, applyPaymentBatch } from "@/lib/domain/ingest/billing";
import type { BillLine, PaymentLine } from "@/lib/schemas/ingest";
import { type Database, queryRows } from "../client";
import { tariffRanges } from "../queries/meter-tariff";
import { bills } from "../schema";
import { demoAccounts, demoCustomers, demoLinks } from "./demo-data";
import { accountId } from "./static";

const accountIds = () =>
  sql.join(
    demoAccounts.map((a) => sql`${accountId(a.accountNumber)}::uuid`),
    sql`, `,
  );

const priced = {
  accountId: sql`mm.account_id`,
  escoId: sql`mm.esco_id`,
  meterType: sql`mm.type`,
};

/**
 * Monthly bills priced from the stored readings at the tariffs that price each meter
 * (`tariffPeriods`, the same rates the meter pages and the Green Button feed show): per meter, a
 * line for the energy (each local day's use at that day's unit rate) and one for the standing
 * charge (each day's), each rounded once to the ESCO's minor unit, summed over the account's
 * meters. A bill is issued on the 3rd of the next month and due three weeks later;
 * `todayByEsco` rows (esco_code, today) say which have been issued so far.
 */
export async function seedBills(db: Database, range: { from: string; todayByEsco: SQL }) {
  const issued = await queryRows<Omit<BillLine, "status">>(
    db,
    sql`
    WITH today_by_esco(esco, today) AS (VALUES ${range.todayByEsco}),
    months AS (
      SELECT m::date AS month
      FROM generate_series(date_trunc('month', ${range.from}::date) + interval '1 month',
                           (SELECT max(today) FROM today_by_esco), interval '1 month') AS m
    ),
    meter_months AS (
      SELECT a.id AS account_id, a.account_number, mo.month, me.id AS meter_id, me.type,
             p.esco_id, e.currency_minor_unit AS minor, tbe.today
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
             sum(round(coalesce(u.energy, 0), mm.minor) + round(s.standing, mm.minor)) AS amount
      FROM meter_months mm
      CROSS JOIN LATERAL (
        SELECT sum(d.consumption * t.unit_rate) AS energy
        FROM meter_daily_usage d
        JOIN (${tariffRanges(priced)}) t
          ON d.day >= t.period_start AND (t.period_end IS NULL OR d.day < t.period_end)
        WHERE d.meter_id = mm.meter_id
          AND d.day >= mm.month AND d.day < (mm.month + interval '1 month')::date
      ) u
      CROSS JOIN LATERAL (
        SELECT sum(t.standing_charge) AS standing
        FROM generate_series(mm.month, (mm.month + interval '1 month' - interval '1 day')::date,
                             interval '1 day') AS g(day)
        JOIN (${tariffRanges(priced)}) t
          ON g.day::date >= t.period_start AND (t.period_end IS NULL OR g.day::date < t.period_end)
      ) s
      GROUP BY mm.account_id, mm.account_number, mm.month
    )
    SELECT account_number AS "accountNumber", account_number || '-' || to_char(month, 'YYYYMM') AS "billId",
           to_char(month, 'YYYY-MM-DD') AS "periodStart",
           to_char(month + interval '1 month' - interval '1 day', 'YYYY-MM-DD') AS "periodEnd",
           to_char(month + interval '1 month' + interval '2 days', 'YYYY-MM-DD') AS "issueDate",
           to_char(month + interval '1 month' + interval '23 days', 'YYYY-MM-DD') AS "dueDate",
           round(amount, 2)::float8 AS amount
    FROM charges c
    WHERE (month + interval '1 month' + interval '2 days')::date <= today
      AND NOT EXISTS (SELECT 1 FROM ${bills} b WHERE b.account_id = c.account_id AND b.period_start = c.month)
    ORDER BY account_number, month`,
  );
  await deliverBills(
    db,
    issued.map((bill) => ({ ...bill, status: "issued" as const })),
  );
}

const seedActor: Actor = { type: "system", id: "seed" };

/** Hands the bills to the billing feed's own ingestion, as the billing service would. */
async function deliverBills(db: Database, lines: BillLine[]) {
  for (let i = 0; i < lines.length; i += 500) {
    const batch = lines.slice(i, i + 500).map((bill, j) => ({ ...bill, line: i + j + 1 }));
    const outcome = await applyBillBatch(db, seedActor, batch);
    if (outcome.rejected.length)
      throw new Error(`Demo bills refused: ${outcome.rejected[0]?.detail}`);
  }
}

/**
 * Bills past their due date are paid in full a few days before it, by the occupier's usual
 * method; an account in arrears leaves its last six weeks of bills unpaid. The payments come in
 * through the payment feed, and the billing service then sends the bills again as paid.
 * `todayByEsco` rows are (esco_code, today).
 */
export async function seedPayments(db: Database, todayByEsco: SQL) {
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
  const settled = await queryRows<{ bill: BillLine; payment: PaymentLine }>(
    db,
    sql`SELECT json_build_object('billId', b.bill_number, 'accountNumber', a.account_number,
             'periodStart', b.period_start, 'periodEnd', b.period_end, 'issueDate', b.issue_date,
             'dueDate', b.due_date, 'amount', b.amount::float8, 'status', 'paid') AS bill,
           json_build_object('paymentId', 'PAY-' || b.bill_number, 'accountNumber', a.account_number,
             'paidAt', to_char(((b.due_date - (abs(hashtext(b.id::text)) % 8))::timestamp + interval '10 hours')
                               AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
             'amount', b.amount::float8, 'method', pm.method) AS payment
      FROM ${bills} b
      JOIN accounts a ON a.id = b.account_id
      JOIN (VALUES ${methods}) AS pm(account_id, method) ON pm.account_id = b.account_id
      JOIN premises p ON p.account_id = b.account_id AND p.is_primary
      JOIN escos e ON e.id = p.esco_id
      JOIN (VALUES ${todayByEsco}) AS t(esco, today) ON t.esco = e.code
      WHERE b.account_id IN (${accountIds()})
        AND b.due_date < t.today AND b.status = 'issued' AND b.amount > 0
        AND NOT (${inArrears})
      ORDER BY b.bill_number`,
  );
  for (let i = 0; i < settled.length; i += 500) {
    const batch = settled.slice(i, i + 500);
    const paid = await applyPaymentBatch(
      db,
      seedActor,
      batch.map((s, j) => ({ ...s.payment, line: i + j + 1 })),
    );
    if (paid.rejected.length) throw new Error(`Demo payments refused: ${paid.rejected[0]?.detail}`);
  }
  await deliverBills(
    db,
    settled.map((s) => s.bill),
  );
}
