import type { Metadata } from "next";
import { accountListQuery } from "@/app/api/accounts/schema";
import { AccountsTable } from "@/components/dashboard/accounts-table";
import { BalanceCard } from "@/components/dashboard/balance-card";
import { CountsCard } from "@/components/dashboard/counts-card";
import { QuickActions } from "@/components/dashboard/quick-actions";
import { RecentBills } from "@/components/dashboard/recent-bills";
import { UsageComparison } from "@/components/dashboard/usage-comparison";
import { Card, CardTitle } from "@/components/ui/card";
import { type AccountListOptions, getAccountDetail, listAccounts } from "@/db/queries/accounts";
import { listRecentBills } from "@/db/queries/billing";
import { getCustomerSummary } from "@/db/queries/customers";
import { displayName } from "@/lib/customer-name";
import { AppError } from "@/lib/errors";
import { currentPrincipal, currentProfile } from "@/lib/page-data";
import { resolveUsageWindow } from "@/lib/usage-window";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const principal = await currentPrincipal();
  const profile = await currentProfile();
  if (!profile) {
    return (
      <section aria-labelledby="no-profile">
        <h1 id="no-profile" className="text-2xl font-bold">
          No customer profile yet
        </h1>
        <p className="mt-2 text-slate-700">
          Your sign-in is not linked to a customer account. If you received an invitation, open the
          link in it to finish setting up.
        </p>
      </section>
    );
  }
  const window = resolveUsageWindow({});
  // The accounts table's page, sort and filter travel in the URL; the table sorts by name
  // unless told otherwise, and a stale or foreign cursor just starts from the first page.
  const params = await searchParams;
  const query = accountListQuery.safeParse(params);
  const { from: _from, to: _to, format: _format, ...options } = query.success ? query.data : {};
  const tableOptions: AccountListOptions = {
    ...options,
    sort: params.sort && "sort" in options ? options.sort : "name",
  };
  const [summary, page, bills] = await Promise.all([
    getCustomerSummary({ principal, window }),
    listAccounts({ principal, window, options: tableOptions }).catch((error) => {
      if (error instanceof AppError && tableOptions.cursor)
        return listAccounts({ principal, window, options: { ...tableOptions, cursor: undefined } });
      throw error;
    }),
    listRecentBills({ principal, limit: 5 }),
  ]);
  const { accounts } = page;
  const firstUsageAccount = accounts.find((a) => a.capabilities.includes("usage"));
  const firstMeter = firstUsageAccount
    ? (
        await getAccountDetail({ principal, accountId: firstUsageAccount.accountId })
      ).premises.flatMap((p) => p.meters)[0]
    : undefined;
  // One usage column per meter type the customer has, whatever the filter leaves on the page.
  const fuels = Object.entries(summary.usageByType ?? {})
    .map(([type, { unit }]) => ({ type, unit }))
    .sort((a, b) => a.type.localeCompare(b.type));
  const manyAccounts = profile.type === "business" || summary.totalAccounts > 1;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">{displayName(profile)}</h1>
        <p className="mt-1 text-slate-700" data-testid="account-count">
          {summary.totalAccounts} {summary.totalAccounts === 1 ? "account" : "accounts"}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <BalanceCard summary={summary} />
        <div className="lg:col-span-2">
          <UsageComparison summary={summary} />
        </div>
      </div>
      {manyAccounts ? (
        <Card aria-labelledby="accounts-title">
          <CardTitle id="accounts-title">Accounts</CardTitle>
          <AccountsTable page={page} fuels={fuels} />
        </Card>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <RecentBills bills={bills} billsVisible={summary.byCurrency.length > 0} />
        </div>
        <div className="space-y-6">
          <CountsCard summary={summary} />
          <QuickActions meterHref={firstMeter ? `/meters/${firstMeter.meterId}` : null} />
        </div>
      </div>
    </div>
  );
}
