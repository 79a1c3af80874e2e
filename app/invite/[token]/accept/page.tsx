import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { auth } from "@/auth";
import { Button } from "@/components/ui/button";
import { findInviteByToken, isLinkedToAccount } from "@/db/queries/invites";
import { formatInstant } from "@/lib/format";
import { roleLabels } from "@/lib/invites/labels";
import { continueWithInvite } from "./actions";

// The token is in this page's URL: no other site is told it (not even by Referer).
export const metadata: Metadata = { title: "Your invitation", referrer: "same-origin" };

/**
 * Where an invitation link leads: what the invitee is invited to, then "Continue" (sign in or
 * register) and, once signed in, "Accept". Public: the proxy does not send visitors to sign in.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await findInviteByToken(token);
  // The link itself answers 404 or 410 with the reason; this page only shows open invitations.
  if (invite?.status !== "open") redirect(`/invite/${encodeURIComponent(token)}`);

  const session = await auth();
  const customer =
    session?.user && !session.error && session.user.audience === "customer" ? session.user : null;
  const linked = customer
    ? await isLinkedToAccount({ subject: customer.subject, accountId: invite.accountId })
    : false;

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
          Energy account
        </p>
        <h1 className="mt-2 text-2xl font-bold">You are invited</h1>
        <p className="mt-2 text-slate-700">
          You have been invited to the energy portal as the {roleLabels[invite.role]} of an account.
        </p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-medium text-slate-600">Account number</dt>
          <dd data-testid="invite-account">{invite.accountNumber}</dd>
          <dt className="font-medium text-slate-600">Role</dt>
          <dd data-testid="invite-role">{roleLabels[invite.role]}</dd>
          <dt className="font-medium text-slate-600">Sent to</dt>
          <dd>{invite.email}</dd>
          <dt className="font-medium text-slate-600">Link expires</dt>
          <dd>{formatInstant(invite.expiresAt, "UTC")} UTC</dd>
        </dl>

        {!customer ? (
          <form action={continueWithInvite} className="mt-6">
            <input type="hidden" name="token" value={token} />
            <Button type="submit" className="w-full">
              Continue
            </Button>
            <p className="mt-3 text-sm text-slate-600">
              Sign in with your energy account login. New here? Choose <strong>Register</strong> on
              the next page to create one.
            </p>
          </form>
        ) : linked ? (
          <div className="mt-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="status">
            You already have access to account {invite.accountNumber}, so you do not need this
            invitation.{" "}
            <Link href="/" className="font-semibold underline">
              Go to your account
            </Link>
          </div>
        ) : (
          <div className="mt-6">
            <p className="text-sm text-slate-700">
              Signed in as <strong>{customer.username}</strong>.
            </p>
            <form method="post" action={`/invite/${encodeURIComponent(token)}`} className="mt-3">
              <Button type="submit" className="w-full">
                Accept invitation
              </Button>
            </form>
            <form action={continueWithInvite} className="mt-3 text-center">
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="fresh" value="1" />
              <Button type="submit" variant="ghost">
                Not you? Use another login
              </Button>
            </form>
          </div>
        )}
      </div>
    </main>
  );
}
