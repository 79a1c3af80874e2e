"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { BillStatusBadge } from "@/components/bill-status-badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { apiFetch } from "@/lib/api-client";
import { formatDate, formatMoney } from "@/lib/format";
import type { BillPage } from "@/lib/schemas/types";

/** Bills, newest first; more pages load on request from the API's cursor links. */
export function BillsList({ accountId, firstPage }: { accountId: string; firstPage: BillPage }) {
  const bills = useInfiniteQuery({
    queryKey: ["bills", accountId],
    queryFn: ({ pageParam }) => apiFetch<BillPage>(pageParam),
    initialPageParam: `/api/accounts/${accountId}/bills`,
    initialData: { pages: [firstPage], pageParams: [`/api/accounts/${accountId}/bills`] },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = bills.data.pages.flatMap((p) => p.bills);
  if (rows.length === 0) return <EmptyState title="No bills yet" />;
  return (
    <div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Bills for this account, newest first</caption>
          <thead className="text-slate-700">
            <tr className="border-b border-slate-200">
              <th scope="col" className="py-2 pr-3 font-semibold">
                Period
              </th>
              <th scope="col" className="hidden py-2 pr-3 font-semibold sm:table-cell">
                Issued
              </th>
              <th scope="col" className="py-2 pr-3 font-semibold">
                Due
              </th>
              <th scope="col" className="py-2 pr-3 text-right font-semibold">
                Amount
              </th>
              <th scope="col" className="py-2 font-semibold">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((b) => (
              <tr key={b.billId} data-testid="bill-row">
                <td className="py-2 pr-3">
                  {formatDate(b.periodStart, b.currency)} – {formatDate(b.periodEnd, b.currency)}
                </td>
                <td className="hidden py-2 pr-3 sm:table-cell">
                  {formatDate(b.issueDate, b.currency)}
                </td>
                <td className="py-2 pr-3">{formatDate(b.dueDate, b.currency)}</td>
                <td className="py-2 pr-3 text-right font-medium tabular-nums">
                  {formatMoney(b.amount, b.currency)}
                </td>
                <td className="py-2">
                  <BillStatusBadge status={b.status} overdue={b.overdue} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {bills.hasNextPage ? (
        <Button
          variant="secondary"
          className="mt-3"
          onClick={() => bills.fetchNextPage()}
          disabled={bills.isFetchingNextPage}
        >
          {bills.isFetchingNextPage ? "Loading…" : "Show older bills"}
        </Button>
      ) : null}
      {bills.isError ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Older bills could not be loaded. Please try again.
        </p>
      ) : null}
    </div>
  );
}
