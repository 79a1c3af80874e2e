import Link from "next/link";
import { BillStatusBadge } from "@/components/bill-status-badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { accountLabel, formatDate, formatMoney } from "@/lib/format";
import type { RecentBill } from "@/lib/schemas/types";

/**
 * The latest bills the principal may see. `billsVisible` is false when no role on any account
 * includes billing (a landlord's, say): there may well be bills, just none for this reader.
 */
export function RecentBills({
  bills,
  billsVisible = true,
}: {
  bills: RecentBill[];
  billsVisible?: boolean;
}) {
  return (
    <Card aria-labelledby="bills-title">
      <CardTitle id="bills-title">Recent bills</CardTitle>
      {!billsVisible ? (
        <p className="text-sm text-slate-600" data-testid="bills-not-visible">
          Your role on these accounts does not include bills.
        </p>
      ) : bills.length === 0 ? (
        <EmptyState title="No bills yet" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {bills.map((bill) => (
            <li key={bill.billId} className="flex items-center justify-between gap-3 py-2">
              <div className="min-w-0">
                <Link
                  href={`/accounts/${bill.accountId}`}
                  className="block truncate font-medium underline-offset-2 hover:underline"
                >
                  {accountLabel(bill)}
                </Link>
                <p className="text-sm text-slate-600">
                  {formatDate(bill.periodStart, bill.currency)} –{" "}
                  {formatDate(bill.periodEnd, bill.currency)}
                </p>
              </div>
              <div className="text-right">
                <p className="font-semibold tabular-nums">
                  {formatMoney(bill.amount, bill.currency)}
                </p>
                <BillStatusBadge status={bill.status} overdue={bill.overdue} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
