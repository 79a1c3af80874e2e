import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AccountHeading } from "@/components/accounts/account-heading";
import { BillsList } from "@/components/accounts/bills-list";
import { GreenButtonDownload } from "@/components/accounts/green-button-download";
import { PremisesList } from "@/components/accounts/premises-list";
import { QueryProvider } from "@/components/query-provider";
import { Card, CardTitle } from "@/components/ui/card";
import { getAccountDetail } from "@/db/queries/accounts";
import { listBills } from "@/db/queries/billing";
import { AppError } from "@/lib/errors";
import { formatDate, formatMoney, nextDueText } from "@/lib/format";
import { currentPrincipal } from "@/lib/page-data";
import { isId } from "@/lib/validation";

export const metadata: Metadata = { title: "Account" };

async function load<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function AccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const { accountId } = await params;
  if (!isId(accountId)) notFound();
  const principal = await currentPrincipal();
  const account = await load(() => getAccountDetail({ principal, accountId }));
  const canBill = account.capabilities.includes("billing");
  const bills = canBill ? await listBills({ principal, accountId, limit: 6 }) : null;
  const c = account.currency;
  // A closed account's history reads; it is no longer changed (the API answers 409).
  const closed = account.status === "closed";
  const canManage = account.capabilities.includes("manage") && !closed;

  return (
    <QueryProvider>
      <div className="space-y-6">
        <AccountHeading
          accountId={account.accountId}
          accountNumber={account.accountNumber}
          initialNickname={account.nickname}
          canManage={canManage}
        />
        {closed ? (
          <p role="status" className="rounded-md bg-slate-100 p-3 text-sm text-slate-800">
            This account is closed. Its bills, payments and usage remain available here.
          </p>
        ) : null}
        {canBill ? (
          <Card aria-labelledby="money-title">
            <CardTitle id="money-title">Balance and payments</CardTitle>
            <dl className="grid gap-4 sm:grid-cols-4">
              <div>
                <dt className="text-sm text-slate-600">Current balance</dt>
                <dd className="text-2xl font-bold tabular-nums">
                  {formatMoney(account.currentBalance, c)}
                </dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">Next due</dt>
                <dd className="font-medium">{nextDueText(account)}</dd>
              </div>
              <div>
                <dt className="text-sm text-slate-600">Last payment</dt>
                <dd className="font-medium" data-testid="last-payment">
                  {account.lastPaymentAmount !== null
                    ? `${formatMoney(account.lastPaymentAmount, c)} on ${formatDate(account.lastPaymentDate, c)}`
                    : "None yet"}
                </dd>
              </div>
              {account.overdueAmount ? (
                <div>
                  <dt className="text-sm text-slate-600">Overdue</dt>
                  <dd className="font-bold text-red-700">
                    {formatMoney(account.overdueAmount, c)}
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
        ) : null}
        <Card aria-labelledby="premises-title">
          <CardTitle id="premises-title">Premises and meters</CardTitle>
          <PremisesList
            premises={account.premises}
            canManage={canManage}
            canSeeUsage={account.capabilities.includes("usage")}
          />
          {account.capabilities.includes("usage") && account.timezone ? (
            <GreenButtonDownload accountId={account.accountId} timezone={account.timezone} />
          ) : null}
        </Card>
        {bills ? (
          <Card aria-labelledby="bills-title">
            <CardTitle id="bills-title">Bills</CardTitle>
            <BillsList
              accountId={account.accountId}
              firstPage={{
                ...bills,
                next: bills.next
                  ? `/api/accounts/${accountId}/bills?limit=6&cursor=${bills.next}`
                  : null,
              }}
            />
          </Card>
        ) : null}
      </div>
    </QueryProvider>
  );
}
