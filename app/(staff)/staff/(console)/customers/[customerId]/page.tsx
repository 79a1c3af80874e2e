import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessLogTable } from "@/components/access-log/access-log-table";
import { CloseAccountForm } from "@/components/staff/close-account-form";
import { EraseForm } from "@/components/staff/erase-form";
import { ErasureRequestPanel } from "@/components/staff/erasure-request-panel";
import { StaffAccount } from "@/components/staff/staff-account";
import { StaffPreferences } from "@/components/staff/staff-preferences";
import { ViewAsForm } from "@/components/staff/view-as-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { getStaffCustomerView } from "@/db/queries/staff-customer";
import { AUDIT_ROLES } from "@/lib/auth/roles";
import { requireStaff } from "@/lib/auth/session";
import { addDays } from "@/lib/calendar";
import { formatDate, formatInstant } from "@/lib/format";
import { recordStaffPageRead } from "@/lib/http/access";
import { formatPhone } from "@/lib/phone-format";
import { isId } from "@/lib/validation";

export const metadata: Metadata = { title: "Customer" };

const at = (instant: string) =>
  formatInstant(instant, "UTC", null, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  });

export default async function StaffCustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<{ open?: string | string[] }>;
}) {
  const staff = await requireStaff();
  const { customerId } = await params;
  if (!isId(customerId)) notFound();
  const { open } = await searchParams;
  const customer = await getStaffCustomerView({ staff, customerId });
  if (!customer) notFound();
  recordStaffPageRead(staff, {
    action: "staff_view_customer",
    customers: [customerId],
    resource: `/staff/customers/${customerId}`,
  });
  const isAdmin = staff.roles.includes("admin");
  const statusHistory = customer.events.filter((e) => /Status|Created|Erased/.test(e.type));
  const canViewAs = customer.status !== "closed";
  const currency = customer.accounts[0]?.currency;
  // Meters whose usage the customer sees: the view can open on any of them.
  const meters = customer.accounts.flatMap((a) =>
    a.premises.flatMap((p) =>
      p.meters
        .filter((m) => m.usage !== null)
        .map((m) => ({
          meterId: m.meterId,
          label: `Meter ${m.meterNumber} (${m.type}), ${p.street}`,
        })),
    ),
  );

  return (
    <div className="space-y-6">
      <div>
        <Link href="/staff" className="text-sm font-medium text-brand-700 underline">
          ‹ Back to search
        </Link>
        <h1 className="mt-2 text-2xl font-bold">{customer.name ?? "(erased customer)"}</h1>
        <p className="text-slate-700">
          {customer.type} customer ·{" "}
          <Badge tone={customer.status === "live" ? "success" : "warning"}>{customer.status}</Badge>{" "}
          · since {formatDate(customer.createdAt.slice(0, 10))}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="contact-title">
          <CardTitle id="contact-title">Contact</CardTitle>
          <dl className="space-y-1 text-sm">
            <dt className="text-slate-600">Email</dt>
            <dd>{customer.email ?? "—"}</dd>
            <dt className="text-slate-600">Phone</dt>
            <dd>{customer.phone ? formatPhone(customer.phone) : "—"}</dd>
          </dl>
        </Card>
        <Card aria-labelledby="preferences-title">
          <CardTitle id="preferences-title">Preferences</CardTitle>
          <StaffPreferences preferences={customer.preferences} />
        </Card>
        <Card aria-labelledby="viewas-title">
          <CardTitle id="viewas-title">View the portal as this customer</CardTitle>
          {canViewAs ? (
            <ViewAsForm
              customerId={customer.customerId}
              meters={meters}
              open={typeof open === "string" ? open : undefined}
            />
          ) : (
            <p className="text-sm text-slate-700">Closed customers cannot be viewed.</p>
          )}
        </Card>
      </div>
      <Card aria-labelledby="accounts-title">
        <CardTitle id="accounts-title">Accounts, bills and usage</CardTitle>
        <p className="mb-3 text-sm text-slate-600">
          Usage over the 30 whole days {formatDate(customer.usageWindow.from, currency)} –{" "}
          {formatDate(addDays(customer.usageWindow.to, -1), currency)}, as the customer sees it.
        </p>
        {customer.accounts.length === 0 ? (
          <p className="text-sm text-slate-700">Not linked to any account.</p>
        ) : (
          <ul className="space-y-4">
            {customer.accounts.map((a) => (
              <StaffAccount
                key={a.accountId}
                account={a}
                customerId={customer.customerId}
                canViewAs={canViewAs}
              >
                {isAdmin && a.status !== "closed" ? (
                  <CloseAccountForm
                    accountId={a.accountId}
                    accountNumber={a.accountNumber}
                    customerId={customer.customerId}
                  />
                ) : null}
              </StaffAccount>
            ))}
          </ul>
        )}
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="status-title">
          <CardTitle id="status-title">Status history</CardTitle>
          <ul className="space-y-1 text-sm">
            {statusHistory.map((e) => (
              <li key={`${e.occurredAt}-${e.type}`}>
                {at(e.occurredAt)}: {e.type}
                {typeof e.data.to === "string"
                  ? ` → ${e.data.to}`
                  : typeof e.data.status === "string"
                    ? ` (${e.data.status})`
                    : ""}{" "}
                by {e.actorType}
              </li>
            ))}
          </ul>
        </Card>
        <Card aria-labelledby="sessions-title">
          <CardTitle id="sessions-title">Support sessions</CardTitle>
          {customer.supportSessions.length === 0 ? (
            <p className="text-sm text-slate-700">None yet.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {customer.supportSessions.map((s) => (
                <li key={s.startedAt}>
                  {at(s.startedAt)}: {s.staffUsername}, “{s.reason}”
                  {s.endedAt ? ` (${s.endReason})` : " (open)"}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <Card aria-labelledby="gdpr-title">
        <CardTitle id="gdpr-title">Personal data</CardTitle>
        <div className="space-y-4 text-sm">
          {staff.roles.some((r) => ["csr", "supervisor", "admin"].includes(r)) ? (
            <a
              href={`/api/staff/customers/${customer.customerId}/export`}
              download
              className="inline-flex min-h-11 items-center rounded-md border border-slate-400 px-3 font-semibold hover:bg-slate-100"
            >
              Download everything held (subject access request)
            </a>
          ) : null}
          {staff.roles.some((r) => AUDIT_ROLES.includes(r)) ? (
            <Link
              href={`/staff/customers/${customer.customerId}/audit`}
              className="block font-medium text-brand-700 underline"
            >
              Who has looked at this customer’s data (access audit)
            </Link>
          ) : null}
          {customer.erasureRequest ? (
            <ErasureRequestPanel request={customer.erasureRequest} isAdmin={isAdmin} />
          ) : null}
          {isAdmin && customer.status !== "closed" ? (
            <EraseForm customerId={customer.customerId} />
          ) : null}
        </div>
      </Card>
      <Card aria-labelledby="events-title">
        <CardTitle id="events-title">Recent events</CardTitle>
        <ul className="divide-y divide-slate-100 text-sm">
          {customer.events.map((e) => (
            <li key={`${e.occurredAt}-${e.type}-${JSON.stringify(e.data).length}`} className="py-1">
              <span className="font-medium">{e.type}</span> · {e.actorType}
              {e.actorId ? ` ${e.actorId.slice(0, 8)}` : ""} · {at(e.occurredAt)}
            </li>
          ))}
        </ul>
      </Card>
      {customer.audit ? (
        <Card aria-labelledby="audit-title">
          <CardTitle id="audit-title">Who has looked at this customer (latest)</CardTitle>
          <AccessLogTable
            entries={customer.audit}
            caption="The latest accesses to the customer's data, newest first"
            basePath={`/staff/customers/${customer.customerId}/audit`}
            next={null}
            paged={false}
            detail
          />
          <Link
            href={`/staff/customers/${customer.customerId}/audit`}
            className="mt-3 block text-sm font-medium text-brand-700 underline"
          >
            The whole access audit
          </Link>
        </Card>
      ) : null}
    </div>
  );
}
