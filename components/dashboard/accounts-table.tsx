"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useSearchState } from "@/components/use-search-state";
import { formatMoney, formatQuantity, nextDueText } from "@/lib/format";
import type { AccountList, AccountListItem } from "@/lib/schemas/types";

type SortKey = "name" | "number" | "balance" | "due" | "usage";

const columns: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Account" },
  { key: "number", label: "Number" },
  { key: "balance", label: "Balance", numeric: true },
  { key: "due", label: "Next due" },
  { key: "usage", label: "Electricity (30 days)", numeric: true },
];

const electricity = (a: AccountListItem) => a.usageByType?.electric?.usage ?? null;

/**
 * The business view: the customer's accounts in one table, a page at a time. Sorting, the filter
 * and the pages are the server's (a business may hold hundreds of accounts); their state lives
 * in the URL, so a view can be shared and the back button works. Totals cover every matching
 * account, not just the page.
 */
export function AccountsTable({ page }: { page: AccountList }) {
  const { params, update } = useSearchState();
  const [filter, setFilter] = useState(params.get("q") ?? "");
  const sort = (params.get("sort") as SortKey | null) ?? "name";
  const direction = params.get("dir") === "desc" ? "desc" : "asc";
  const rows = page.accounts;

  // Any change of ordering or filter starts again from the first page.
  const setParams = (changes: Record<string, string | null>) =>
    update({ cursor: null, ...changes }, "replace");

  useEffect(() => {
    const typed = filter.trim();
    if (typed === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => setParams({ q: typed || null }), 250);
    return () => clearTimeout(timer);
  });

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium text-slate-800">
          Filter accounts
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Name or number"
            className="mt-1 block min-h-11 w-64 max-w-full rounded-md border border-slate-400 px-3 text-base"
          />
        </label>
        <p className="pb-2 text-sm text-slate-600" aria-live="polite">
          {rows.length === page.total
            ? `${page.total} ${page.total === 1 ? "account" : "accounts"}`
            : `${rows.length} of ${page.total} accounts`}
        </p>
      </div>
      <section
        className="overflow-x-auto rounded-lg border border-slate-200"
        aria-label="Accounts table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
      >
        <table className="w-full min-w-[640px] text-left text-sm">
          <caption className="sr-only">
            Your accounts, with balance, next due date and electricity use
          </caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={
                    sort === c.key ? (direction === "asc" ? "ascending" : "descending") : undefined
                  }
                  className={`px-3 py-2 font-semibold ${c.numeric ? "text-right" : ""}`}
                >
                  <button
                    type="button"
                    className="inline-flex min-h-11 items-center gap-1 underline-offset-2 hover:underline"
                    onClick={() =>
                      setParams({
                        sort: c.key,
                        dir: sort === c.key && direction === "asc" ? "desc" : "asc",
                      })
                    }
                  >
                    {c.label}
                    <span aria-hidden="true">
                      {sort === c.key ? (direction === "asc" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((a) => (
              <tr key={a.accountId} data-testid="account-row">
                <td className="px-3 py-2">
                  <Link
                    href={`/accounts/${a.accountId}`}
                    className="font-medium text-brand-800 underline underline-offset-2"
                  >
                    {a.nickname ?? `Account ${a.accountNumber}`}
                  </Link>
                </td>
                <td className="px-3 py-2 tabular-nums">{a.accountNumber}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatMoney(a.currentBalance, a.currency)}
                  {a.overdueAmount ? (
                    <span className="ml-2 font-semibold text-red-700">overdue</span>
                  ) : null}
                </td>
                <td className="px-3 py-2">{nextDueText(a)}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatQuantity(electricity(a), "kWh", a.currency)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot className="bg-slate-50 font-semibold">
            <tr>
              <th scope="row" className="px-3 py-2" colSpan={2}>
                Total
              </th>
              <td className="px-3 py-2 text-right tabular-nums" data-testid="total-balance">
                {page.totals.byCurrency
                  .map((t) => formatMoney(t.currentBalance, t.currency))
                  .join(" + ") || "—"}
              </td>
              <td />
              <td className="px-3 py-2 text-right tabular-nums">
                {formatQuantity(page.totals.electricity.usage, "kWh")}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
      {page.next || params.get("cursor") ? (
        <nav aria-label="Pages of accounts" className="mt-3 flex gap-3">
          {params.get("cursor") ? (
            <Button variant="secondary" onClick={() => update({ cursor: null })}>
              First page
            </Button>
          ) : null}
          {page.next ? (
            <Button variant="secondary" onClick={() => update({ cursor: page.next })}>
              Next page
            </Button>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
