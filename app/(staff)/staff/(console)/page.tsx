import type { Metadata } from "next";
import Link from "next/link";
import { OpenErasureRequests } from "@/components/staff/open-erasure-requests";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { listOpenErasureRequests } from "@/db/queries/erasure-requests";
import { searchCustomers } from "@/db/queries/staff";
import { requireStaff } from "@/lib/auth/session";
import { recordStaffPageRead } from "@/lib/http/access";

export const metadata: Metadata = { title: "Support console" };

const notices: Record<string, string> = {
  "session-ended": "The support session has ended (stopped or expired after 30 minutes).",
  "customer-closed": "That customer is closed: the portal cannot be viewed as them.",
};

export default async function StaffHomePage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; notice?: string }>;
}) {
  const staff = await requireStaff();
  const { q = "", notice } = await searchParams;
  const query = q.trim().slice(0, 100);
  const hits = query ? await searchCustomers(query) : null;
  // The search term is not recorded: it may be an email address or a phone number.
  if (hits) {
    recordStaffPageRead(staff, {
      action: "staff_search",
      customers: hits.map((h) => h.customerId),
      resource: "GET /staff (search)",
    });
  }
  const erasureRequests = staff.roles.includes("admin") ? await listOpenErasureRequests() : null;
  if (erasureRequests?.length) {
    recordStaffPageRead(staff, {
      action: "staff_list_erasure_requests",
      customers: erasureRequests.map((r) => r.customerId),
      resource: "GET /staff",
    });
  }

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Support console</h1>
        <p className="mt-1 text-slate-700">
          Signed in as {staff.username} with the{" "}
          {staff.roles.length ? staff.roles.join(", ") : "no"} role.
        </p>
      </div>
      {notice && notices[notice] ? (
        <p role="status" className="rounded-md bg-sky-50 p-3 text-sky-900">
          {notices[notice]}
        </p>
      ) : null}
      {erasureRequests ? <OpenErasureRequests requests={erasureRequests} /> : null}
      <search>
        <form className="flex flex-wrap items-end gap-3" action="/staff">
          <label className="text-sm font-medium">
            Find a customer
            <input
              type="search"
              name="q"
              defaultValue={query}
              placeholder="Name, nickname, email, phone, street, account or meter number, postcode"
              className="mt-1 block min-h-11 w-96 max-w-full rounded-md border border-slate-400 px-3 text-base"
            />
          </label>
          <Button type="submit">Search</Button>
        </form>
      </search>
      {hits === null ? null : hits.length === 0 ? (
        <EmptyState title="No customers found">
          Try part of a name or account nickname, a whole email address, a phone number (or its last
          seven digits), a street name (“Main Street”), the start of an account or meter number, or
          a postcode.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Customers matching “{query}”, best matches first</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Customer
                </th>
                <th scope="col" className="px-3 py-2">
                  Email
                </th>
                <th scope="col" className="px-3 py-2">
                  Status
                </th>
                <th scope="col" className="px-3 py-2">
                  Accounts
                </th>
                <th scope="col" className="px-3 py-2">
                  Matched by
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {hits.map((h) => (
                <tr key={h.customerId} data-testid="search-hit">
                  <td className="px-3 py-2">
                    <Link
                      href={`/staff/customers/${h.customerId}`}
                      className="font-medium text-brand-800 underline"
                    >
                      {h.name ?? "(no name)"}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{h.email ?? "—"}</td>
                  <td className="px-3 py-2">
                    <Badge
                      tone={
                        h.status === "live"
                          ? "success"
                          : h.status === "closed"
                            ? "neutral"
                            : "warning"
                      }
                    >
                      {h.status}
                    </Badge>
                  </td>
                  <td className="px-3 py-2 tabular-nums">{h.accounts.join(", ") || "—"}</td>
                  <td className="px-3 py-2 text-slate-600">
                    {h.matches.map((m) => `${m.field} (${m.quality})`).join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
