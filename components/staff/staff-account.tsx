import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { StaffCustomer } from "@/db/queries/staff-customer";
import { accountLabel, formatDate, formatMoney, formatQuantity, nextDueText } from "@/lib/format";

type Account = StaffCustomer["accounts"][number];

const cell = "px-2 py-1";

/**
 * One of the customer's accounts as support sees it: balance, latest bills and payments, and
 * each meter's usage over the window, with a way to open the meter as the customer sees it.
 * What the customer's role on the account does not show (bills for a landlord, usage for a
 * billing contact) is said, not left blank.
 */
export function StaffAccount({
  account: a,
  customerId,
  canViewAs,
  children,
}: {
  account: Account;
  customerId: string;
  canViewAs: boolean;
  children?: React.ReactNode;
}) {
  const money = (amount: number | null) => formatMoney(amount, a.currency);
  return (
    <li className="space-y-3 rounded-lg border border-slate-200 p-4" data-testid="staff-account">
      <p className="font-medium">
        {accountLabel(a)}
        {a.nickname ? ` · ${a.accountNumber}` : ""} · <Badge>{a.role}</Badge>
        {a.status === "closed" ? (
          <>
            {" "}
            ·{" "}
            <Badge tone="warning">
              closed {a.closedOn ? formatDate(a.closedOn, a.currency) : ""}
            </Badge>
          </>
        ) : null}
      </p>
      <p className="text-sm text-slate-700">
        Balance {money(a.currentBalance)}
        {a.overdueAmount ? `, ${money(a.overdueAmount)} overdue` : ""} · next due{" "}
        {/* A date keeps its capitals ("Nov 24"); only the phrases are lower-cased mid-sentence. */}
        {a.nextDueDate ? nextDueText(a) : nextDueText(a).toLowerCase()}
        {a.lastPaymentDate
          ? ` · last paid ${money(a.lastPaymentAmount)} on ${formatDate(a.lastPaymentDate, a.currency)}`
          : ""}
      </p>
      {a.bills === null ? (
        <p className="text-sm text-slate-600">
          A {a.role} does not see this account’s bills and payments.
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="staff-bills">
              <caption className="text-left font-medium">Latest bills</caption>
              <thead>
                <tr className="text-slate-600">
                  <th scope="col" className={cell}>
                    Issued
                  </th>
                  <th scope="col" className={cell}>
                    Period
                  </th>
                  <th scope="col" className={`${cell} text-right`}>
                    Amount
                  </th>
                  <th scope="col" className={cell}>
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {a.bills.length === 0 ? (
                  <tr>
                    <td colSpan={4} className={cell}>
                      No bills yet.
                    </td>
                  </tr>
                ) : (
                  a.bills.map((b) => (
                    <tr key={b.billId}>
                      <td className={cell}>{formatDate(b.issueDate, a.currency)}</td>
                      <td className={cell}>
                        {formatDate(b.periodStart, a.currency)} –{" "}
                        {formatDate(b.periodEnd, a.currency)}
                      </td>
                      <td className={`${cell} text-right tabular-nums`}>{money(b.amount)}</td>
                      <td className={cell}>
                        {b.overdue ? (
                          <Badge tone="warning">overdue</Badge>
                        ) : (
                          b.status.replace("_", " ")
                        )}
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="staff-payments">
              <caption className="text-left font-medium">Latest payments</caption>
              <thead>
                <tr className="text-slate-600">
                  <th scope="col" className={cell}>
                    Paid
                  </th>
                  <th scope="col" className={`${cell} text-right`}>
                    Amount
                  </th>
                  <th scope="col" className={cell}>
                    Method
                  </th>
                </tr>
              </thead>
              <tbody>
                {(a.payments ?? []).length === 0 ? (
                  <tr>
                    <td colSpan={3} className={cell}>
                      No payments yet.
                    </td>
                  </tr>
                ) : (
                  (a.payments ?? []).map((p) => (
                    <tr key={p.paymentId}>
                      <td className={cell}>{formatDate(p.paidOn, a.currency)}</td>
                      <td className={`${cell} text-right tabular-nums`}>{money(p.amount)}</td>
                      <td className={cell}>{p.method.replace("_", " ")}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <ul className="space-y-2 text-sm">
        {a.premises.map((p) => (
          <li key={p.premiseId}>
            <p>
              {[p.unit, p.street, p.city, p.zip].filter(Boolean).join(", ")}
              {p.isPrimary ? " (primary)" : ""}
            </p>
            {p.meters.length === 0 ? (
              <p className="text-slate-600">No meters.</p>
            ) : (
              <ul className="ml-4 list-disc">
                {p.meters.map((m) => (
                  <li key={m.meterId} data-testid="staff-meter">
                    {m.meterNumber} ({m.type}
                    {m.isSmart ? ", smart" : ""}
                    {m.status !== "active" ? `, ${m.status}` : ""}):{" "}
                    {m.usage === null
                      ? `a ${a.role} does not see usage`
                      : `${formatQuantity(m.usage.current, m.usage.unit, a.currency)} in the last 30 days (${formatQuantity(m.usage.previous, m.usage.unit, a.currency)} the 30 before)`}
                    {canViewAs && m.usage !== null ? (
                      <>
                        {" "}
                        ·{" "}
                        <Link
                          href={`/staff/customers/${customerId}?open=${m.meterId}#viewas-title`}
                          className="font-medium text-brand-700 underline"
                        >
                          open as the customer sees it
                        </Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {children}
    </li>
  );
}
