"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useSearchState } from "@/components/use-search-state";
import {
  formatDate,
  formatMoney,
  formatQuantity,
  meterTypeName,
  nextDueText,
  unitLabel,
} from "@/lib/format";
import type { AccountList, AccountListItem } from "@/lib/schemas/types";

type SortKey = "name" | "number" | "balance" | "due" | "usage" | "gas" | "water";

/** The server's sort key for each meter type's usage column. */
const usageSorts: Record<string, SortKey> = { electric: "usage", gas: "gas", water: "water" };

interface Column {
  key: string;
  label: string;
  sort?: SortKey;
  numeric?: boolean;
  cell: (a: AccountListItem) => React.ReactNode;
  total: (page: AccountList) => React.ReactNode;
}

const moneyTotals = (page: AccountList, field: "currentBalance" | "totalDueAmount") =>
  page.totals.byCurrency.map((t) => formatMoney(t[field], t.currency)).join(" + ") || "—";

function columnsFor(fuels: { type: string; unit: string }[]): Column[] {
  return [
    {
      key: "number",
      label: "Number",
      sort: "number",
      cell: (a) => a.accountNumber,
      total: () => null,
    },
    {
      key: "balance",
      label: "Balance",
      sort: "balance",
      numeric: true,
      cell: (a) => (
        <>
          {formatMoney(a.currentBalance, a.currency)}
          {a.overdueAmount ? (
            <span className="block font-semibold text-red-700 sm:ml-2 sm:inline">overdue</span>
          ) : null}
        </>
      ),
      total: (page) => moneyTotals(page, "currentBalance"),
    },
    {
      key: "amount-due",
      label: "Amount due",
      numeric: true,
      cell: (a) => formatMoney(a.totalDueAmount, a.currency),
      total: (page) => moneyTotals(page, "totalDueAmount"),
    },
    { key: "due", label: "Next due", sort: "due", cell: (a) => nextDueText(a), total: () => null },
    ...fuels.map(
      ({ type, unit }): Column => ({
        key: `usage-${type}`,
        label: `${meterTypeName(type)} (${unitLabel(unit)})`,
        sort: usageSorts[type],
        numeric: true,
        cell: (a) =>
          formatQuantity(
            a.usageByType?.[type]?.usage,
            a.usageByType?.[type]?.unit ?? unit,
            a.currency,
          ),
        total: (page) => formatQuantity(page.totals.usageByType[type]?.usage ?? 0, unit),
      }),
    ),
  ];
}

// The first column stays in view while the rest scroll sideways; header and totals stay in view
// while a long page scrolls. Sticky cells need their own background.
const stickyFirst = "sticky left-0 shadow-[inset_-1px_0_0_var(--color-slate-200)]";
const cell = "px-3 py-2 whitespace-nowrap";

/**
 * The business view: the customer's accounts in one table, a page at a time, with a usage column
 * per meter type they have. Sorting, the filter and the pages are the server's (a business may
 * hold hundreds of accounts); their state lives in the URL, so a view can be shared and the back
 * button works. Totals cover every matching account, not just the page, and the CSV holds them
 * all in the same order.
 */
export function AccountsTable({
  page,
  fuels,
}: {
  page: AccountList;
  /** The meter types the customer has, with their units: one usage column each. */
  fuels: { type: string; unit: string }[];
}) {
  const { params, update } = useSearchState();
  const [filter, setFilter] = useState(params.get("q") ?? "");
  const sort = (params.get("sort") as SortKey | null) ?? "name";
  const direction = params.get("dir") === "desc" ? "desc" : "asc";
  const rows = page.accounts;
  const columns = columnsFor(fuels);
  const csv = new URLSearchParams({ format: "csv", sort, dir: direction });
  if (params.get("q")) csv.set("q", params.get("q") ?? "");
  const currency = rows[0]?.currency;
  const lastDay = new Date(Date.parse(`${page.window.to}T00:00:00Z`) - 86_400_000)
    .toISOString()
    .slice(0, 10);

  // Any change of ordering or filter starts again from the first page.
  const setParams = (changes: Record<string, string | null>) =>
    update({ cursor: null, ...changes }, "replace");

  useEffect(() => {
    const typed = filter.trim();
    if (typed === (params.get("q") ?? "")) return;
    const timer = setTimeout(() => setParams({ q: typed || null }), 250);
    return () => clearTimeout(timer);
  });

  const header = (label: string, key: SortKey | undefined, numeric?: boolean) => (
    <>
      {key ? (
        <button
          type="button"
          className={`inline-flex min-h-11 items-center gap-1 underline-offset-2 hover:underline ${numeric ? "flex-row-reverse" : ""}`}
          onClick={() =>
            setParams({ sort: key, dir: sort === key && direction === "asc" ? "desc" : "asc" })
          }
        >
          {label}
          <span aria-hidden="true">{sort === key ? (direction === "asc" ? "▲" : "▼") : "↕"}</span>
        </button>
      ) : (
        <span className="inline-flex min-h-11 items-center">{label}</span>
      )}
    </>
  );
  const ariaSort = (key: SortKey | undefined) =>
    key && sort === key ? (direction === "asc" ? "ascending" : "descending") : undefined;

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2">
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
        <a
          href={`/api/accounts?${csv}`}
          download
          className="inline-flex min-h-11 items-center pb-0 text-sm font-medium text-brand-800 underline underline-offset-2 sm:ml-auto"
        >
          Download CSV
        </a>
      </div>
      <p className="mb-2 text-sm text-slate-600" data-testid="usage-window">
        Usage from {formatDate(page.window.from, currency)} to {formatDate(lastDay, currency)}
      </p>
      <section
        // Scroll padding keeps a focused cell clear of the sticky column, header and totals.
        className="max-h-[70vh] scroll-pt-16 scroll-pb-12 scroll-pl-32 overflow-auto rounded-lg border border-slate-200"
        aria-label="Accounts table"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
      >
        <table className="w-full text-left text-sm">
          <caption className="sr-only">
            Your accounts, with balance, amount due, next due date and usage per meter type
          </caption>
          <thead className="text-slate-700">
            <tr>
              <th
                scope="col"
                aria-sort={ariaSort("name")}
                className={`${stickyFirst} top-0 z-30 bg-slate-50 px-3 py-2 font-semibold`}
              >
                {header("Account", "name")}
              </th>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={ariaSort(c.sort)}
                  className={`sticky top-0 z-20 bg-slate-50 ${cell} font-semibold ${c.numeric ? "text-right" : ""}`}
                >
                  {header(c.label, c.sort, c.numeric)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((a) => (
              <tr key={a.accountId} data-testid="account-row">
                <th
                  scope="row"
                  className={`${stickyFirst} z-10 min-w-28 max-w-32 bg-white px-3 py-2 font-normal sm:max-w-none`}
                  data-testid="account-cell"
                >
                  <Link
                    href={`/accounts/${a.accountId}`}
                    className="font-medium text-brand-800 underline underline-offset-2"
                  >
                    {a.nickname ?? `Account ${a.accountNumber}`}
                  </Link>
                </th>
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={`${cell} ${c.numeric ? "text-right tabular-nums" : ""} ${c.key === "number" ? "tabular-nums" : ""}`}
                  >
                    {c.cell(a)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot className="font-semibold">
            <tr data-testid="totals-row">
              <th
                scope="row"
                className={`${stickyFirst} bottom-0 z-30 border-t border-slate-200 bg-slate-50 px-3 py-2`}
              >
                Total
              </th>
              {columns.map((c) => (
                <td
                  key={c.key}
                  className={`sticky bottom-0 z-20 border-t border-slate-200 bg-slate-50 ${cell} ${c.numeric ? "text-right tabular-nums" : ""}`}
                  data-testid={`total-${c.key}`}
                >
                  {c.total(page)}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </section>
      {page.next || params.get("cursor") ? (
        <nav aria-label="Pages of accounts" className="mt-3 flex flex-wrap gap-3">
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
