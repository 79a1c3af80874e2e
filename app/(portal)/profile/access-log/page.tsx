import type { Metadata } from "next";
import Link from "next/link";
import { AccessLogTable } from "@/components/access-log/access-log-table";
import { listCustomerAccessLog } from "@/db/queries/access-audit";
import { accessCursorParam } from "@/lib/api/access-log";
import { currentPrincipal } from "@/lib/page-data";
import { encodeCursor } from "@/lib/pagination";

export const metadata: Metadata = { title: "Who has looked at your data" };

const PAGE_SIZE = 25;

export default async function AccessLogPage({
  searchParams,
}: {
  searchParams: Promise<{ cursor?: string | string[] }>;
}) {
  const principal = await currentPrincipal();
  const after = accessCursorParam((await searchParams).cursor);
  const page = await listCustomerAccessLog({ principal, limit: PAGE_SIZE, after });
  return (
    <div className="space-y-6">
      <div>
        <Link href="/profile" className="text-sm font-medium text-brand-700 underline">
          ‹ Back to your profile
        </Link>
        <h1 className="mt-2 text-2xl font-bold sm:text-3xl">Who has looked at your data</h1>
        <p className="mt-1 max-w-3xl text-slate-700">
          Every time our support staff open your record, view the portal as you, download your data,
          or an administrator reads it, it is recorded here, newest first. Your own use of the
          portal is recorded too, but not listed.
        </p>
      </div>
      {page ? (
        <AccessLogTable
          entries={page.entries}
          caption="Accesses to your data, newest first"
          basePath="/profile/access-log"
          next={page.next ? encodeCursor(page.next) : null}
          paged={after !== null}
        />
      ) : (
        <p>Your sign-in is not linked to a customer yet.</p>
      )}
    </div>
  );
}
