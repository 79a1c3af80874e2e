import { sql } from "drizzle-orm";
import { type Database, type Executor, queryRows } from "@/db/client";
import type { Actor } from "@/lib/domain/events";
import { type ChangeEntry, recordChanges } from "@/lib/domain/record-changes";
import type { FeedOutcome, Rejection, RejectionCode } from "@/lib/ingest/outcome";
import type { BillLine, PaymentLine } from "@/lib/schemas/ingest";

type BatchOutcome = Omit<FeedOutcome, "rejectedCount">;

interface Verdict {
  line: number;
  verdict: "new" | "updated" | "duplicate" | RejectionCode;
  detail: string | null;
}

interface Written {
  id: string;
  number: string;
  account_id: string;
  amount: string;
  currency: string | null;
  due_date: string | null;
  paid_at: string | null;
}

function tally(verdicts: Verdict[]): BatchOutcome {
  const outcome: BatchOutcome = { accepted: 0, duplicates: 0, replaced: 0, rejected: [] };
  for (const { line, verdict, detail } of verdicts) {
    if (verdict === "new") outcome.accepted += 1;
    else if (verdict === "updated") {
      outcome.accepted += 1;
      outcome.replaced += 1;
    } else if (verdict === "duplicate") outcome.duplicates += 1;
    else outcome.rejected.push({ line, code: verdict, detail: detail ?? verdict } as Rejection);
  }
  return outcome;
}

/**
 * Bills from the billing service, keyed by its own bill id (the portal's bill number). A new
 * bill is inserted and announced (BillIssued); one sent again with changes updates its status
 * and amounts; one sent again unchanged is a duplicate. The batch is one transaction.
 */
export async function applyBillBatch(
  db: Pick<Database, "transaction">,
  actor: Actor,
  bills: (BillLine & { line: number })[],
): Promise<BatchOutcome> {
  if (bills.length === 0) return tally([]);
  return db.transaction(async (tx) => {
    const input = bills.map((b) => ({
      line: b.line,
      bill_number: b.billId,
      account_number: b.accountNumber,
      period_start: b.periodStart,
      period_end: b.periodEnd,
      issue_date: b.issueDate,
      due_date: b.dueDate,
      amount: b.amount,
      status: b.status,
      currency: b.currency ?? null,
      details: b.lines || b.tax !== undefined ? { tax: b.tax ?? null, lines: b.lines ?? [] } : null,
    }));
    const [row] = await queryRows<{ verdicts: Verdict[]; written: Written[] }>(
      tx,
      sql`WITH input AS (
          SELECT t.*, row_number() OVER (PARTITION BY t.bill_number ORDER BY t.line) AS nth
          FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS t(line int, bill_number text,
            account_number text, period_start date, period_end date, issue_date date, due_date date,
            amount numeric, status bill_status, currency text, details jsonb)
        ),
        resolved AS (
          SELECT i.*, a.id AS account_id, esco.currency AS esco_currency, b.id AS held_id,
                 b.account_id AS held_account, b.period_start AS held_start,
                 (b.amount, b.status, b.period_end, b.issue_date, b.due_date, b.details)
                   IS NOT DISTINCT FROM (round(i.amount, 2), i.status, i.period_end, i.issue_date,
                                         i.due_date, i.details) AS unchanged,
                 EXISTS (SELECT 1 FROM bills o WHERE o.account_id = a.id AND o.period_start = i.period_start
                         AND o.bill_number <> i.bill_number) AS period_taken
          FROM input i
          LEFT JOIN accounts a ON a.account_number = i.account_number
          LEFT JOIN LATERAL (
            SELECT e.currency FROM premises p JOIN escos e ON e.id = p.esco_id
            WHERE p.account_id = a.id ORDER BY p.is_primary DESC LIMIT 1
          ) esco ON true
          LEFT JOIN bills b ON b.bill_number = i.bill_number
        ),
        screened AS (
          SELECT r.*, CASE
              WHEN r.nth > 1 THEN 'duplicate'
              WHEN r.account_id IS NULL THEN 'unknown_account'
              WHEN r.held_id IS NOT NULL AND (r.held_account <> r.account_id OR r.held_start <> r.period_start)
                THEN 'invalid_bill'
              WHEN r.period_taken THEN 'invalid_bill'
              WHEN r.currency IS NOT NULL AND r.currency <> r.esco_currency THEN 'invalid_bill'
              WHEN r.held_id IS NULL THEN 'new'
              WHEN r.unchanged THEN 'duplicate'
              ELSE 'updated'
            END AS verdict,
            CASE
              WHEN r.account_id IS NULL THEN 'No account has this number.'
              WHEN r.held_id IS NOT NULL AND (r.held_account <> r.account_id OR r.held_start <> r.period_start)
                THEN 'This bill id is held for another account or period.'
              WHEN r.period_taken THEN 'Another bill already covers this account and period.'
              WHEN r.currency IS NOT NULL AND r.currency <> r.esco_currency
                THEN 'The account is billed in ' || r.esco_currency || '.'
            END AS detail
          FROM resolved r
        ),
        inserted AS (
          INSERT INTO bills (account_id, bill_number, period_start, period_end, issue_date, due_date,
                             amount, status, details)
          SELECT account_id, bill_number, period_start, period_end, issue_date, due_date, amount,
                 status, details
          FROM screened WHERE verdict = 'new'
          RETURNING id, bill_number, account_id, amount, due_date
        ),
        updated AS (
          UPDATE bills b SET amount = s.amount, status = s.status, period_end = s.period_end,
            issue_date = s.issue_date, due_date = s.due_date, details = s.details
          FROM screened s WHERE s.verdict = 'updated' AND b.id = s.held_id
        )
        SELECT
          (SELECT json_agg(json_build_object('line', line, 'verdict', verdict, 'detail', detail)
                           ORDER BY line) FROM screened) AS verdicts,
          (SELECT coalesce(json_agg(json_build_object('id', i.id, 'number', i.bill_number,
                 'account_id', i.account_id, 'amount', i.amount::text, 'currency', s.esco_currency,
                 'due_date', i.due_date, 'paid_at', NULL)), '[]'::json)
           FROM inserted i JOIN screened s ON s.bill_number = i.bill_number AND s.nth = 1) AS written`,
    );
    if (!row) throw new Error("The bill batch returned nothing");
    await announce(tx, actor, row.written, "BillIssued", "bill");
    return tally(row.verdicts);
  });
}

/**
 * Payments from the billing service, keyed by its payment id. A payment lowers the account's
 * balance as soon as it is written (balances are computed from bills and payments), and is
 * announced (PaymentReceived). The same payment again is a duplicate; the same id with other
 * details is refused, since a payment, once made, does not change.
 */
export async function applyPaymentBatch(
  db: Pick<Database, "transaction">,
  actor: Actor,
  payments: (PaymentLine & { line: number })[],
): Promise<BatchOutcome> {
  if (payments.length === 0) return tally([]);
  return db.transaction(async (tx) => {
    const input = payments.map((p) => ({
      line: p.line,
      external_id: p.paymentId,
      account_number: p.accountNumber,
      paid_at: p.paidAt,
      amount: p.amount,
      method: p.method,
      reference: p.reference ?? null,
    }));
    const [row] = await queryRows<{ verdicts: Verdict[]; written: Written[] }>(
      tx,
      sql`WITH input AS (
          SELECT t.*, row_number() OVER (PARTITION BY t.external_id ORDER BY t.line) AS nth
          FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS t(line int, external_id text,
            account_number text, paid_at timestamptz, amount numeric, method payment_method,
            reference text)
        ),
        resolved AS (
          SELECT i.*, a.id AS account_id, p.id AS held_id,
                 (p.account_id, p.paid_at, p.amount, p.method, p.reference)
                   IS NOT DISTINCT FROM (a.id, i.paid_at, round(i.amount, 2), i.method,
                                       coalesce(i.reference, i.external_id)) AS same,
                 esco.currency
          FROM input i
          LEFT JOIN accounts a ON a.account_number = i.account_number
          LEFT JOIN LATERAL (
            SELECT e.currency FROM premises pr JOIN escos e ON e.id = pr.esco_id
            WHERE pr.account_id = a.id ORDER BY pr.is_primary DESC LIMIT 1
          ) esco ON true
          LEFT JOIN payments p ON p.external_id = i.external_id
        ),
        screened AS (
          SELECT r.*, CASE
              WHEN r.nth > 1 THEN 'duplicate'
              WHEN r.account_id IS NULL THEN 'unknown_account'
              WHEN r.held_id IS NULL THEN 'new'
              WHEN r.same THEN 'duplicate'
              ELSE 'invalid_payment'
            END AS verdict,
            CASE
              WHEN r.account_id IS NULL THEN 'No account has this number.'
              WHEN r.held_id IS NOT NULL AND NOT r.same
                THEN 'This payment id is held with other details; a payment does not change.'
            END AS detail
          FROM resolved r
        ),
        inserted AS (
          INSERT INTO payments (account_id, paid_at, amount, method, reference, external_id)
          SELECT account_id, paid_at, amount, method, coalesce(reference, external_id), external_id
          FROM screened WHERE verdict = 'new'
          RETURNING id, external_id, account_id, amount, paid_at
        )
        SELECT
          (SELECT json_agg(json_build_object('line', line, 'verdict', verdict, 'detail', detail)
                           ORDER BY line) FROM screened) AS verdicts,
          (SELECT coalesce(json_agg(json_build_object('id', i.id, 'number', i.external_id,
                 'account_id', i.account_id, 'amount', i.amount::text, 'currency', s.currency,
                 'due_date', NULL, 'paid_at', i.paid_at)), '[]'::json)
           FROM inserted i JOIN screened s ON s.external_id = i.external_id AND s.nth = 1) AS written`,
    );
    if (!row) throw new Error("The payment batch returned nothing");
    await announce(tx, actor, row.written, "PaymentReceived", "payment");
    return tally(row.verdicts);
  });
}

/** The integration events of what a batch wrote, in its transaction (the outbox). */
async function announce(
  tx: Executor,
  actor: Actor,
  written: Written[],
  type: "BillIssued" | "PaymentReceived",
  aggregateType: "bill" | "payment",
) {
  if (written.length === 0) return;
  const changes: ChangeEntry[] = written.map((w) => ({
    type,
    event: {
      type,
      aggregateType,
      aggregateId: w.id,
      payload: {
        [aggregateType === "bill" ? "billId" : "paymentId"]: w.id,
        [aggregateType === "bill" ? "billNumber" : "externalId"]: w.number,
        accountId: w.account_id,
        amount: w.amount,
        currency: w.currency,
        ...(w.due_date ? { dueDate: w.due_date } : {}),
        ...(w.paid_at ? { paidAt: w.paid_at } : {}),
      },
    },
  }));
  await recordChanges(tx, actor, changes);
}
