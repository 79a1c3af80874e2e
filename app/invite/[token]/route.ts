// GET  /invite/{token} - the link in an invitation email: on to the invitation, or why it cannot be used
// POST /invite/{token} - accept the invitation as the customer signed in (from the invitation page)
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { findInviteByToken } from "@/db/queries/invites";
import { isDatabaseUnavailable } from "@/lib/api/database-errors";
import { logRequest } from "@/lib/api/handler";
import { isReadOnly } from "@/lib/auth/principal";
import { acceptInvite, InviteUnavailable, unavailableReason } from "@/lib/domain/invite-acceptance";
import { AppError } from "@/lib/errors";
import { inviteeFromSession } from "@/lib/invites/invitee";
import { refusalPage, unavailablePage } from "@/lib/invites/link-page";
import { portalOrigin } from "@/lib/invites/portal-url";
import { isWellFormedToken } from "@/lib/invites/token";
import { findPgError } from "@/lib/rest/database-errors";

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
function failurePage(error: unknown, req: Request): Response {
  if (error instanceof InviteUnavailable) return unavailablePage(error.reason);
  if (error instanceof AppError) return refusalPage(error.status, error.message);
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  const pg = findPgError(error);
  // Races the checks cannot see coming: the same email taken, or an account's occupier removed.
  if (pg?.code === "23505" || pg?.code === "23514") {
    logRequest("warn", requestId, "invite acceptance refused by the database", error);
    return refusalPage(409, "Something changed while you were accepting. Please try again.");
  }
  logRequest("error", requestId, "invite link failed", error);
  return isDatabaseUnavailable(error)
    ? refusalPage(503, "The service is temporarily unavailable. Please try again shortly.")
    : refusalPage(
        500,
        `Something went wrong on our side. Please try again later (reference ${requestId}).`,
      );
}

export async function GET(req: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    const invite = await findInviteByToken(token);
    const reason = unavailableReason(invite?.status ?? null);
    return reason ? unavailablePage(reason) : seeOther(invitationPage(token));
  } catch (error) {
    return failurePage(error, req);
  }
}

/**
 * Browsers send the session cookie with requests other sites make; an acceptance must come
 * from our own invitation page. Every current browser sends Origin with a form POST, but as
 * "null" under a no-referrer policy: then the browser's own Sec-Fetch-Site has to say so.
 */
function fromOurPages(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (origin && origin !== "null") return origin === portalOrigin(req.url);
  return req.headers.get("sec-fetch-site") === "same-origin";
}

export async function POST(req: NextRequest, { params }: Context): Promise<Response> {
  const { token } = await params;
  try {
    if (!isWellFormedToken(token)) return unavailablePage("unknown");
    if (!fromOurPages(req)) {
      return refusalPage(403, "Please accept the invitation from the invitation page itself.");
    }
    const session = await inviteeFromSession(req);
    if (!session) return seeOther(invitationPage(token));
    if (isReadOnly(session.principal)) {
      return refusalPage(
        403,
        "This session is viewing the portal as a customer and cannot accept invitations.",
      );
    }
    await getDb().transaction((tx) => acceptInvite(tx, { token, invitee: session.invitee }));
    return seeOther("/");
  } catch (error) {
    return failurePage(error, req);
  }
}
