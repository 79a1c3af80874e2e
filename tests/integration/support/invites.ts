import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { findInviteMailFacts } from "@/db/queries/invites";
import { invitationEmailOf } from "@/lib/invites/email";
import { rest } from "./rest";

export interface InviteEmail {
  to: string;
  subject: string;
  text: string;
}

/** POST /api/rest/customer_invites as the admin (or the given token), asking for the row back. */
export function createInvite(body: unknown, token?: string) {
  return rest("POST", "customer_invites", {
    body,
    token,
    headers: { prefer: "return=representation" },
  });
}

/**
 * The invitation email queued for an invite, as the mail relay composes it from the outbox's
 * InviteCreated event (which holds the invite's id, not the email).
 */
export async function emailOf(inviteId: string): Promise<InviteEmail> {
  const [row] = await queryRows<{ portal_url: string }>(
    getDb(),
    sql`SELECT payload #>> '{data,portalUrl}' AS portal_url FROM outbox
        WHERE aggregate_id = ${inviteId}::uuid AND event_type = 'InviteCreated'`,
  );
  if (!row) throw new Error(`No invitation email was queued for ${inviteId}`);
  const facts = await findInviteMailFacts(getDb(), inviteId);
  if (!facts) throw new Error(`No invite ${inviteId}`);
  return invitationEmailOf(facts, row.portal_url);
}

/** The token in an email's link: the only place it exists. */
export function tokenIn(email: InviteEmail): string {
  const match = /\/invite\/([A-Za-z0-9_-]{43})(\s|$)/.exec(email.text);
  if (!match?.[1]) throw new Error(`No invitation link in: ${email.text}`);
  return match[1];
}

/** Creates an invite through the admin API and returns its id and the token from its email. */
export async function invite(body: { account_id: string; role: string; email: string }) {
  const created = await createInvite(body);
  expect(created.status, created.text).toBe(201);
  const id = created.body[0].id as string;
  return { id, token: tokenIn(await emailOf(id)) };
}

/** Moves an invite's week into the past, as if it had been sent eight days ago. */
export async function expire(inviteId: string): Promise<void> {
  await getDb().execute(sql`UPDATE customer_invites
    SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day'
    WHERE id = ${inviteId}::uuid`);
}
