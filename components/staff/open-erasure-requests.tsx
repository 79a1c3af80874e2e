import Link from "next/link";
import { Card, CardTitle } from "@/components/ui/card";
import type { OpenErasureRequest } from "@/db/queries/erasure-requests";
import { formatInstant } from "@/lib/format";

/** Customers' erasure requests awaiting an admin, oldest first, each linking to the customer. */
export function OpenErasureRequests({ requests }: { requests: OpenErasureRequest[] }) {
  return (
    <Card aria-labelledby="erasure-requests-title">
      <CardTitle id="erasure-requests-title">Erasure requests awaiting an admin</CardTitle>
      {requests.length === 0 ? (
        <p className="text-sm text-slate-700">None open.</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="open-erasure-requests">
          {requests.map((r) => (
            <li key={r.requestId}>
              <Link
                href={`/staff/customers/${r.customerId}`}
                className="font-medium text-brand-800 underline"
              >
                {r.customerName ?? "(no name)"}
              </Link>{" "}
              ({r.customerStatus}), asked{" "}
              {formatInstant(r.requestedAt, "UTC", null, { dateStyle: "medium" })}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
