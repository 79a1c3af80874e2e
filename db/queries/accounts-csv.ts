import type { CustomerPrincipal } from "@/lib/auth/principal";
import { attachment, type CsvColumn, csvHeader, csvRecords } from "@/lib/csv";
import type { AccountListItem } from "@/lib/schemas/types";
import type { UsageWindow } from "@/lib/usage-window";
import { ACCOUNT_PAGE, type AccountListOptions, listAccounts } from "./accounts";

const baseColumns: CsvColumn<AccountListItem>[] = [
  { header: "accountNumber", value: (a) => a.accountNumber },
  { header: "nickname", value: (a) => a.nickname },
  { header: "role", value: (a) => a.role },
  { header: "currency", value: (a) => a.currency },
  { header: "currentBalance", value: (a) => a.currentBalance },
  { header: "totalDueAmount", value: (a) => a.totalDueAmount },
  { header: "overdueAmount", value: (a) => a.overdueAmount },
  { header: "nextDueDate", value: (a) => a.nextDueDate },
];

/** Two columns per meter type: the usage in the window and its unit, as the API gives them. */
function usageColumns(types: string[]): CsvColumn<AccountListItem>[] {
  return types.flatMap((type) => [
    { header: `${type}Usage`, value: (a: AccountListItem) => a.usageByType?.[type]?.usage },
    { header: `${type}Unit`, value: (a: AccountListItem) => a.usageByType?.[type]?.unit },
  ]);
}

/**
 * GET /api/accounts?format=csv: every account the list would show with the same filter and
 * order, all pages, one row each, with a usage column per meter type the matching accounts have.
 * Pages are read with the same query as the JSON list, so the figures are the API's.
 */
export async function accountsCsv({
  principal,
  window,
  options,
  pageSize = ACCOUNT_PAGE.max,
}: {
  principal: CustomerPrincipal;
  window: UsageWindow;
  options: Omit<AccountListOptions, "limit" | "cursor">;
  /** Accounts read per statement. */
  pageSize?: number;
}): Promise<{ headers: Record<string, string>; body: string }> {
  const first = await listAccounts({ principal, window, options: { ...options, limit: pageSize } });
  const columns = [...baseColumns, ...usageColumns(Object.keys(first.totals.usageByType))];
  let body = csvHeader(columns) + csvRecords(columns, first.accounts);
  let next = first.next;
  while (next) {
    const page = await listAccounts({
      principal,
      window,
      options: { ...options, limit: pageSize, cursor: next },
    });
    body += csvRecords(columns, page.accounts);
    next = page.next;
  }
  return {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(`accounts-${window.from}-${window.to}.csv`),
    },
    body,
  };
}
