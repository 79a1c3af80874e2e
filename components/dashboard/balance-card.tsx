import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import { formatMoney, nextDueText } from "@/lib/format";
import type { CustomerSummary } from "@/lib/schemas/types";

export function BalanceCard({ summary }: { summary: CustomerSummary }) {
  const { currency } = summary;
  if (summary.byCurrency.length === 0) {
    return (
      <Card aria-labelledby="balance-title">
        <CardTitle id="balance-title">Balance</CardTitle>
        <p className="text-sm text-slate-600">
          Your role on these accounts does not include billing.
        </p>
      </Card>
    );
  }
  const overdue = summary.byCurrency.filter((c) => c.overdueAmount > 0);
  return (
    <Card aria-labelledby="balance-title" className={overdue.length ? "border-red-300" : ""}>
      <CardTitle id="balance-title">Balance due</CardTitle>
      {summary.byCurrency.map((c) => (
        <div key={c.currency} className="mb-2">
          <p className="text-3xl font-bold tabular-nums text-slate-900" data-testid="total-due">
            {formatMoney(c.totalDueAmount, c.currency)}
          </p>
          <p className="text-sm text-slate-700">
            {c.nextDueDate
              ? `Next payment due ${nextDueText({ ...c, currency: c.currency }, "long")}`
              : c.overdueAmount > 0
                ? "Nothing else is due"
                : "Nothing to pay"}
          </p>
        </div>
      ))}
      {overdue.map((c) => (
        <p
          key={c.currency}
          role="alert"
          className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm font-semibold text-red-800"
          data-testid="overdue"
        >
          {formatMoney(c.overdueAmount, c.currency)} is overdue. Please pay it as soon as you can.
        </p>
      ))}
      <Link
        href="/accounts"
        className="mt-3 inline-block text-sm font-medium text-brand-700 underline"
      >
        See bills by account{currency ? "" : " (several currencies)"}
      </Link>
    </Card>
  );
}
