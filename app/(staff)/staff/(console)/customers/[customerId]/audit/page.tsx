import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AccessLogTable } from "@/components/access-log/access-log-table";
import { listCustomerAudit } from "@/db/queries/access-audit";
import { accessCursorParam } from "@/lib/api/access-log";
import { AUDIT_ROLES } from "@/lib/auth/roles";
import { requireStaff } from "@/lib/auth/session";
import { recordStaffPageRead } from "@/lib/http/access";
import { encodeCursor } from "@/lib/pagination";
import { isId } from "@/lib/validation";

export const metadata: Metadata = { title: "Access audit" };

const PAGE_SIZE = 50;

/** Every access to one customer's data, their own included: for supervisors only. */
export default async function CustomerAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ customerId: string }>;
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const staff = await requireStaff();
  if (!staff.roles.some((r) => AUDIT_ROLES.includes(r))) notFound();
  const { customerId } = await params;
  if (!isId(customerId)) notFound();
  const after = accessCursorParam((await searchParams).cursor);
  const page = await listCustomerAudit({ customerId, limit: PAGE_SIZE, after });
  if (!page) notFound();
  recordStaffPageRead(staff, {
    action: "staff_view_audit",
    customers: [customerId],
    resource: `/staff/customers/${customerId}/audit`,
  });
  return (
    <div className="space-y-6">
      <div>
        <Link
          href={`/staff/customers/${customerId}`}
          className="text-sm font-medium text-brand-700 underline"
        >
          ‹ Back to the customer
        </Link>
        <h1 className="mt-2 text-2xl font-bold">Access audit</h1>
        <p className="mt-1 text-slate-700">
          Every recorded read of this customer’s data, newest first: their own, support staff, views
          as the customer, exports, admin API reads and services.
        </p>
      </div>
      <AccessLogTable
        entries={page.entries}
        caption="Accesses to the customer's data, newest first"
        basePath={`/staff/customers/${customerId}/audit`}
        next={page.next ? encodeCursor(page.next) : null}
        paged={after !== null}
        detail
      />
    </div>
  );
}
