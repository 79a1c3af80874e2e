import { sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";

export interface Ledger {
  balance: number;
  overdue: number;
  notYetDue: number;
  nextDueDate: string | null;
  /** Bill ids with an unpaid part whose due date has passed. */
  overdueBills: Set<string>;
  bills: { id: string; issueDate: string; periodStart: string; dueDate: string }[];
}

const cents = (value: string | number) => Math.round(Number(value) * 100);

/**
 * An account's balance worked out the way a clerk would, from the raw bills and payments and
 * independently of the API's SQL: payments settle the oldest bills first, and what is left of a
 * bill whose due date is before `today` is overdue. Amounts in cents.
 */
export async function ledgerOf(accountId: string, today: string): Promise<Ledger> {
  const bills = await queryRows<{
    id: string;
    amount: string;
    due: string;
    issued: string;
    period: string;
  }>(
    getDb(),
    sql`SELECT id, amount::text, to_char(due_date, 'YYYY-MM-DD') AS due,
               to_char(issue_date, 'YYYY-MM-DD') AS issued, to_char(period_start, 'YYYY-MM-DD') AS period
        FROM bills WHERE account_id = ${accountId}::uuid AND status <> 'void'
        ORDER BY due_date, id`,
  );
  const [paid] = await queryRows<{ total: string }>(
    getDb(),
    sql`SELECT coalesce(sum(amount), 0)::text AS total FROM payments WHERE account_id = ${accountId}::uuid`,
  );
  let credit = cents(paid?.total ?? 0);
  const ledger: Ledger = {
    balance: bills.reduce((sum, b) => sum + cents(b.amount), 0) - credit,
    overdue: 0,
    notYetDue: 0,
    nextDueDate: null,
    overdueBills: new Set(),
    bills: bills.map((b) => ({
      id: b.id,
      issueDate: b.issued,
      periodStart: b.period,
      dueDate: b.due,
    })),
  };
  for (const bill of bills) {
    const amount = cents(bill.amount);
    const settled = Math.min(credit, amount);
    credit -= settled;
    const left = amount - settled;
    if (left <= 0) continue;
    if (bill.due < today) {
      ledger.overdue += left;
      ledger.overdueBills.add(bill.id);
    } else {
      ledger.notYetDue += left;
      if (ledger.nextDueDate === null || bill.due < ledger.nextDueDate)
        ledger.nextDueDate = bill.due;
    }
  }
  return ledger;
}

/** Consumption straight from the table over the UTC range (from, to], for one meter. */
export async function rawConsumption(meterId: string, from: string, to: string): Promise<number> {
  const [row] = await queryRows<{ total: string | null }>(
    getDb(),
    sql`SELECT sum(consumption)::text AS total FROM meter_readings
        WHERE meter_id = ${meterId}::uuid AND read_at > ${from}::timestamptz AND read_at <= ${to}::timestamptz`,
  );
  return Number(row?.total ?? 0);
}

/** Local midnight starting `date` in `timeZone`, as an instant. */
export async function localMidnight(date: string, timeZone: string): Promise<string> {
  const [row] = await queryRows<{ at: string }>(
    getDb(),
    sql`SELECT to_char((${date}::date)::timestamp AT TIME ZONE ${timeZone} AT TIME ZONE 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at`,
  );
  return row?.at ?? "";
}

export { cents };
