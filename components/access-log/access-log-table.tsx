import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { AccessEntry } from "@/db/queries/access-audit";
import { formatInstant } from "@/lib/format";

const kindLabels: Record<AccessEntry["kind"], string> = {
  self: "You",
  staff: "Support staff",
  impersonation: "Support staff, viewing as you",
  admin_api: "Administrator (admin API)",
  service: "Back-end service",
};

/** What happened, in words: the action, and for reads what was read. */
export function describeAccess(entry: AccessEntry): string {
  switch (entry.action) {
    case "staff_search":
      return "Found your record in a customer search";
    case "staff_view_customer":
      return "Opened your record in the support console";
    case "staff_view_audit":
      return "Reviewed the record of who has looked at your data";
    case "gdpr_export":
      return "Downloaded all the data held about you";
    case "impersonation_start":
      return "Started viewing the portal as you";
    case "impersonation_stop":
      return "Stopped viewing the portal as you";
    case "impersonation_write_refused":
      return `Tried to make a change, which was refused (${entry.resource ?? "unknown"})`;
    default:
      return entry.resource?.endsWith("/export")
        ? "Downloaded all the data held about you"
        : `Read ${entry.resource ?? "your data"}`;
  }
}

const when = (instant: string) =>
  formatInstant(instant, "UTC", null, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  });

/**
 * A page of the access audit as a table, newest first, with links to the newest page and the
 * next older one. The customer reads it in words; `detail` shows a supervisor the recorded
 * action, path and request id.
 */
export function AccessLogTable({
  entries,
  caption,
  basePath,
  next,
  paged,
  detail = false,
}: {
  entries: AccessEntry[];
  caption: string;
  basePath: string;
  /** The cursor of the next older page, if any. */
  next: string | null;
  /** True when this is not the newest page. */
  paged: boolean;
  detail?: boolean;
}) {
  return (
    <div className="space-y-3">
      {entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Who
                </th>
                <th scope="col" className="px-3 py-2">
                  What
                </th>
                <th scope="col" className="px-3 py-2">
                  Reason given
                </th>
                {detail ? (
                  <th scope="col" className="px-3 py-2">
                    Request
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id} data-testid="access-entry">
                  <td className="whitespace-nowrap px-3 py-2">
                    <time dateTime={e.occurredAt}>{when(e.occurredAt)}</time>
                  </td>
                  <td className="px-3 py-2">
                    {detail && e.kind === "self" ? "The customer" : kindLabels[e.kind]}
                    {(detail || e.kind !== "self") && e.actorUsername ? (
                      <span className="block text-slate-600">{e.actorUsername}</span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    {detail ? (
                      <>
                        {e.action}
                        {e.resource ? (
                          <span className="block break-all text-slate-600">{e.resource}</span>
                        ) : null}
                      </>
                    ) : (
                      describeAccess(e)
                    )}
                  </td>
                  <td className="px-3 py-2">{e.reason ?? "—"}</td>
                  {detail ? (
                    <td className="px-3 py-2 font-mono text-xs">{e.requestId ?? "—"}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {paged || next ? (
        <nav aria-label="Pages of the access log" className="flex gap-4 text-sm">
          {paged ? (
            <Link href={basePath} className="font-medium text-brand-700 underline">
              Newest entries
            </Link>
          ) : null}
          {next ? (
            <Link
              href={`${basePath}?cursor=${encodeURIComponent(next)}`}
              className="font-medium text-brand-700 underline"
            >
              Older entries
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
