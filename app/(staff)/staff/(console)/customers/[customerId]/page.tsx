import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CloseAccountForm } from "@/components/staff/close-account-form";
import { EraseForm } from "@/components/staff/erase-form";
import { ErasureRequestPanel } from "@/components/staff/erasure-request-panel";
import { ViewAsForm } from "@/components/staff/view-as-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { getCustomerForStaff } from "@/db/queries/staff";
import { AUDIT_ROLES } from "@/lib/auth/roles";
import { requireStaff } from "@/lib/auth/session";
import { formatDate, formatInstant, formatMoney, nextDueText } from "@/lib/format";
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
}: {
  params: Promise<{ customerId: string }>;
}) {
  const staff = await requireStaff();
  const { customerId } = await params;
  if (!isId(customerId)) notFound();
  const customer = await getCustomerForStaff(customerId);
  if (!customer) notFound();
  recordStaffPageRead(staff, {
    action: "staff_view_customer",
    customers: [customerId],
    resource: `/staff/customers/${customerId}`,
  });
  const isAdmin = staff.roles.includes("admin");
  const statusHistory = customer.events.filter((e) => /Status|Created|Erased/.test(e.type));

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
        <Card aria-labelledby="viewas-title" className="lg:col-span-2">
          <CardTitle id="viewas-title">View the portal as this customer</CardTitle>
          {customer.status === "closed" ? (
            <p className="text-sm text-slate-700">Closed customers cannot be viewed.</p>
          ) : (
            <ViewAsForm customerId={customer.customerId} />
          )}
        </Card>
      </div>
      <Card aria-labelledby="accounts-title">
        <CardTitle id="accounts-title">Accounts</CardTitle>
        {customer.accounts.length === 0 ? (
          <p className="text-sm text-slate-700">Not linked to any account.</p>
        ) : (
          <ul className="space-y-4">
            {customer.accounts.map((a) => (
              <li
                key={a.accountId}
                className="rounded-lg border border-slate-200 p-4"
                data-testid="staff-account"
              >
                <p className="font-medium">
                  {a.nickname ?? `Account ${a.accountNumber}`} · {a.accountNumber} ·{" "}
                  <Badge>{a.role}</Badge>
                  {a.status === "closed" ? (
                    <>
                      {" "}
                      ·{" "}
                      <Badge tone="warning">
                        closed {a.closedOn ? formatDate(a.closedOn) : ""}
                      </Badge>
                    </>
                  ) : null}
                </p>
                <p className="text-sm text-slate-700">
                  Balance {formatMoney(a.currentBalance, a.currency)}
                  {a.overdueAmount ? `, ${formatMoney(a.overdueAmount, a.currency)} overdue` : ""} ·
                  next due {nextDueText(a).toLowerCase()}
                </p>
                <ul className="mt-2 text-sm">
                  {a.premises.map((p) => (
                    <li key={p.premiseId}>
                      {[p.unit, p.street, p.city, p.zip].filter(Boolean).join(", ")}
                      {p.isPrimary ? " (primary)" : ""}:{" "}
                      {p.meters.map((m) => `${m.meterNumber} (${m.type})`).join(", ") ||
                        "no meters"}
                    </li>
                  ))}
                </ul>
                {isAdmin && a.status !== "closed" ? (
                  <CloseAccountForm
                    accountId={a.accountId}
                    accountNumber={a.accountNumber}
                    customerId={customer.customerId}
                  />
                ) : null}
              </li>
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
    </div>
  );
}
