import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Fragment } from "react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { listMailbox } from "@/db/queries/invites";
import { requireStaff } from "@/lib/auth/session";
import { formatInstant } from "@/lib/format";
import { invitationEmailOf } from "@/lib/invites/email";

export const metadata: Metadata = { title: "Dev mailbox", robots: { index: false } };

const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

/** The email's text with its links clickable. */
function Linked({ text }: { text: string }) {
  // split() with a capturing group puts the links at the odd positions.
  return text.split(URL_PATTERN).map((part, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
    <Fragment key={i}>
      {i % 2 === 1 ? (
        <a href={part} className="break-all font-medium text-brand-700 underline">
          {part}
        </a>
      ) : (
        part
      )}
    </Fragment>
  ));
}

/**
 * Emails the portal has queued, newest first, for development and demos where nothing is sent:
 * only with DEV_MAILBOX=1 (a plain 404 otherwise), and only for signed-in staff.
 */
export default async function DevMailboxPage() {
  await connection();
  if (process.env.DEV_MAILBOX !== "1") notFound();
  // The emails hold live invitation links: only staff may read them.
  await requireStaff();
  const mails = (await listMailbox({ limit: 50 })).map((item) => ({
    ...item,
    ...invitationEmailOf(item, item.portalUrl),
  }));
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      <h1 className="text-2xl font-bold">Dev mailbox</h1>
      <p className="mt-1 text-slate-700">
        Emails queued in the outbox, newest first. In production a mail transport sends them.
      </p>
      {mails.length === 0 ? (
        <div className="mt-6">
          <EmptyState title="No emails yet" />
        </div>
      ) : (
        <ol className="mt-6 space-y-4">
          {mails.map((mail) => (
            <li key={mail.id}>
              <article
                aria-labelledby={`mail-${mail.id}`}
                className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
                data-testid="mail"
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h2 id={`mail-${mail.id}`} className="font-semibold">
                    {mail.subject}
                  </h2>
                  <Badge tone={mail.sentAt ? "success" : "info"}>
                    {mail.sentAt ? "sent" : "queued"}
                  </Badge>
                </div>
                <p className="mt-1 text-sm text-slate-600">
                  To <span data-testid="mail-to">{mail.to}</span> ·{" "}
                  {formatInstant(mail.queuedAt, "UTC")} UTC
                </p>
                <pre className="mt-3 whitespace-pre-wrap font-sans text-sm text-slate-800">
                  <Linked text={mail.text} />
                </pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
