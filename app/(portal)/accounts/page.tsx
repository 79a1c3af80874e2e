import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ACCOUNT_PAGE, listAccounts } from "@/db/queries/accounts";
import { accountLabel, formatMoney, nextDueText } from "@/lib/format";
import { currentPrincipal } from "@/lib/page-data";
import { resolveUsageWindow } from "@/lib/usage-window";

export const metadata: Metadata = { title: "Accounts" };

const roleNames = {
  occupier: "Account holder",
  agent: "Managing agent",
  billing: "Billing contact",
  landlord: "Landlord",
};

export default async function AccountsPage() {
  const principal = await currentPrincipal();
  const { accounts } = await listAccounts({
    principal,
    window: resolveUsageWindow({}),
    options: { limit: ACCOUNT_PAGE.max },
  });
  return (
    <div>
      <h1 className="text-2xl font-bold sm:text-3xl">Accounts</h1>
      {accounts.length === 0 ? (
        <div className="mt-6">
          <EmptyState title="No accounts yet">
            When an account is linked to you, it appears here.
          </EmptyState>
        </div>
      ) : (
        <ul className="mt-6 grid gap-4 md:grid-cols-2">
          {accounts.map((a) => (
            <li
              key={a.accountId}
              className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
            >
              <div className="flex items-start justify-between gap-3">
                <div>
                  <h2 className="text-lg font-semibold">
                    <Link
                      href={`/accounts/${a.accountId}`}
                      className="text-brand-800 underline underline-offset-2"
                    >
                      {accountLabel(a)}
                    </Link>
                  </h2>
                  <p className="text-sm text-slate-600">
                    Account {a.accountNumber} · {a.premisesCount}{" "}
                    {a.premisesCount === 1 ? "premise" : "premises"} · {a.metersCount}{" "}
                    {a.metersCount === 1 ? "meter" : "meters"}
                  </p>
                </div>
                <Badge>{roleNames[a.role]}</Badge>
              </div>
              {a.capabilities.includes("billing") ? (
                <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
                  <div>
                    <dt className="text-slate-600">Balance</dt>
                    <dd className="text-xl font-bold tabular-nums">
                      {formatMoney(a.currentBalance, a.currency)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-600">Next due</dt>
                    <dd className="font-medium">{nextDueText(a)}</dd>
                  </div>
                  {a.overdueAmount ? (
                    <div className="col-span-2">
                      <dt className="sr-only">Overdue</dt>
                      <dd className="rounded bg-red-50 px-2 py-1 font-semibold text-red-800">
                        {formatMoney(a.overdueAmount, a.currency)} overdue
                      </dd>
                    </div>
                  ) : null}
                </dl>
              ) : (
                <p className="mt-4 text-sm text-slate-600">
                  Balances are not shared with your role on this account.
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
