"use client";

import Link from "next/link";
import { useMemo } from "react";
import { useSearchState } from "@/components/use-search-state";
import type { AccountListItem } from "@/lib/api/types";
import { formatMoney, formatQuantity, nextDueText } from "@/lib/format";
import { sumMoney } from "@/lib/money";

type SortKey = "name" | "number" | "balance" | "due" | "usage";

const columns: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Account" },
  { key: "number", label: "Number" },
  { key: "balance", label: "Balance", numeric: true },
  { key: "due", label: "Next due" },
  { key: "usage", label: "Electricity (30 days)", numeric: true },
];

const electricity = (a: AccountListItem) => a.usageByType?.electric?.usage ?? null;

function sortValue(a: AccountListItem, key: SortKey): string | number {
  switch (key) {
    case "name":
      return (a.nickname ?? a.accountNumber).toLowerCase();
    case "number":
      return a.accountNumber;
    case "balance":
      return a.currentBalance ?? Number.NEGATIVE_INFINITY;
    case "due":
      return a.nextDueDate ?? "9999-12-31";
    case "usage":
      return electricity(a) ?? Number.NEGATIVE_INFINITY;
  }
}

/** The business view: every account in one table, sortable and filterable, with totals. */
export function AccountsTable({ accounts }: { accounts: AccountListItem[] }) {
  const { params, update } = useSearchState();
  const filter = params.get("q") ?? "";
  const sort = (params.get("sort") as SortKey | null) ?? "name";
  const direction = params.get("dir") === "desc" ? "desc" : "asc";

  const setParams = (changes: Record<string, string | null>) => update(changes, "replace");

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const matching = accounts.filter(
      (a) => !needle || `${a.nickname ?? ""} ${a.accountNumber}`.toLowerCase().includes(needle),
    );
    const sign = direction === "asc" ? 1 : -1;
    return [...matching].sort((a, b) => {
      const x = sortValue(a, sort);
      const y = sortValue(b, sort);
      return x < y ? -sign : x > y ? sign : 0;
    });
  }, [accounts, filter, sort, direction]);

  const currencies = [...new Set(rows.map((r) => r.currency).filter(Boolean))] as string[];
  const kwh = rows.reduce((total, r) => total + (electricity(r) ?? 0), 0);

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium text-slate-800">
          Filter accounts
          <input
            type="search"
            value={filter}
            onChange={(e) => setParams({ q: e.target.value || null })}
            placeholder="Name or number"
            className="mt-1 block min-h-11 w-64 max-w-full rounded-md border border-slate-400 px-3 text-base"
          />
        </label>
        <p className="pb-2 text-sm text-slate-600" aria-live="polite">
          {rows.length} of {accounts.length} accounts
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
                {currencies
                  .map((c) =>
                    formatMoney(
                      sumMoney(rows.filter((r) => r.currency === c).map((r) => r.currentBalance)),
                      c,
                    ),
                  )
                  .join(" + ") || "—"}
              </td>
              <td />
              <td className="px-3 py-2 text-right tabular-nums">{formatQuantity(kwh, "kWh")}</td>
            </tr>
          </tfoot>
        </table>
      </section>
    </div>
  );
}
