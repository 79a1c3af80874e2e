// GET  /invite/{token} - the link in an invitation email: on to the invitation, or why it cannot be used
// POST /invite/{token} - accept the invitation as the customer signed in (from the invitation page)
import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { findInviteByToken } from "@/db/queries/invites";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { acceptInvite, InviteUnavailable, unavailableReason } from "@/lib/domain/invite-acceptance";
import { AppError, databaseUnavailable } from "@/lib/errors";
import { admitCustomer } from "@/lib/http/guards";
import { type Policy, type RequestContext, runEntry } from "@/lib/http/pipeline";
import { inviteeOf } from "@/lib/invites/invitee";
import { refusalPage, unavailablePage } from "@/lib/invites/link-page";
import { isWellFormedToken } from "@/lib/invites/token";
import { safeError } from "@/lib/log";
import { findPgError, isDatabaseUnavailable } from "@/lib/pg-error";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ token: string }> };

/** Relative, so it holds behind any proxy; 303 so the browser follows a POST with a GET. */
const seeOther = (location: string) =>
  new Response(null, {
    status: 303,
    headers: { location, "cache-control": "private, no-store", "referrer-policy": "no-referrer" },
  });

const invitationPage = (token: string) => `/invite/${encodeURIComponent(token)}/accept`;

/** Whatever went wrong, the invitee gets a page that says what happened and what to do. */
function failurePage(error: unknown, { requestId, log }: RequestContext): Response {
  if (error instanceof InviteUnavailable) return unavailablePage(error.reason);
  const unavailable = !(error instanceof AppError) && isDatabaseUnavailable(error);
  if (unavailable) log.error({ err: safeError(error) }, "database unavailable");
  const refusal = unavailable
    ? databaseUnavailable("The service is temporarily unavailable. Please try again shortly.")
    : error;
  if (refusal instanceof AppError) {
    const page = refusalPage(refusal.status, refusal.message);
    for (const [name, value] of Object.entries(refusal.headers ?? {}))
      page.headers.set(name, value);
    return page;
  }
  const pg = findPgError(error);
  // Races the checks cannot see coming: the same email taken, or an account's occupier removed.
  if (pg?.code === "23505" || pg?.code === "23514") {
    log.warn({ err: safeError(error) }, "invite acceptance refused by the database");
    return refusalPage(409, "Something changed while you were accepting. Please try again.");
  }
  log.error({ err: safeError(error) }, "invite link failed");
  return refusalPage(
    500,
    `Something went wrong on our side. Please try again later (reference ${requestId}).`,
  );
}

/** Anyone may open a link; an invitation page sends the one accepting it to sign in first. */
const linkPolicy: Policy<null> = { admit: () => null, limit: "invite" };

export async function GET(req: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  return runEntry(
    req,
    linkPolicy,
    failurePage,
    async () => {
      const invite = await findInviteByToken(token);
      const reason = unavailableReason(invite?.status ?? null);
      return reason ? unavailablePage(reason) : seeOther(invitationPage(token));
    },
    params,
  );
}

/**
 * Accepting is a write carried by the session cookie: the pipeline refuses it from another
 * origin and while a member of staff is viewing the portal as a customer. The status gates
 * apply: someone being set up joins, an inactive or closed customer does not.
 */
const admitInvitee = admitCustomer("setup");
const acceptPolicy: Policy<CustomerPrincipal | null> = {
  admit: (p, req) => (p?.kind === "customer" ? admitInvitee(p, req) : null),
  limit: "invite",
};

export async function POST(req: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  return runEntry(
    req,
    acceptPolicy,
    failurePage,
    async (principal) => {
      if (!isWellFormedToken(token)) return unavailablePage("unknown");
      if (!principal) return seeOther(invitationPage(token));
      const invitee = await inviteeOf(req, principal);
      await getDb().transaction((tx) => acceptInvite(tx, { token, invitee }));
      return seeOther("/");
    },
    params,
  );
}
