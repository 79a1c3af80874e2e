import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, queryRows } from "@/db/client";
import { accountRoles } from "@/db/schema/accounts";
import { type CustomerInvite, customerInvites } from "@/db/schema/invites";
import { emailSchema } from "@/lib/contact";
import { AppError, notFound } from "@/lib/errors";
import { hashInviteToken, inviteLinkToken } from "@/lib/invites/token";
import { blindIndex, sealEmail } from "@/lib/pii";
import { parseWith } from "@/lib/validation";
import type { Actor } from "./events";
import { type ChangeEntry, recordChanges } from "./record-changes";

/** How long an invitation link works. */
export const INVITE_TTL_DAYS = 7;

export const inviteInput = z.object({
  accountId: z.uuid("Use the account's id"),
  role: z.enum(accountRoles, "Choose occupier, landlord, agent or billing"),
  email: emailSchema,
});

export type InviteInput = z.input<typeof inviteInput>;

/** The invite as anyone may see it: the token's hash never leaves the database. */
export type PublicInvite = Omit<CustomerInvite, "tokenHash" | "emailIndex">;

const fieldConflict = (field: string, code: string, message: string) =>
  new AppError("conflict", message, { errors: [{ field, code, message }] });

/**
 * Invites someone to an account. The link's token is derived from the invite's id under a
 * server key (lib/invites/token.ts): the row keeps only its SHA-256, and the InviteCreated event
 * queued in the same transaction carries the id, from which the mail relay composes the email
 * with the link. So there is never an invite without its email, nor an email for an invite that
 * was rolled back, and the token is stored nowhere. The account row is locked so that two admins
 * cannot both open an invite for the same person at once.
 */
export async function createInvite(
  tx: Executor,
  input: InviteInput & { actor: Actor; portalUrl: string },
): Promise<{ invite: PublicInvite; token: string }> {
  const { accountId, role, email } = parseWith(inviteInput, input);
  const [account] = await queryRows<{ account_number: string }>(
    tx,
    sql`SELECT account_number FROM accounts WHERE id = ${accountId}::uuid FOR NO KEY UPDATE`,
  );
  if (!account) {
    throw new AppError("validation_failed", "No account has this id.", {
      errors: [{ field: "accountId", code: "unknown_account", message: "No account has this id." }],
    });
  }
  const [state] = await queryRows<{ open_until: string | null; linked: boolean }>(
    tx,
    sql`SELECT
        (SELECT max(expires_at)::text FROM customer_invites
          WHERE account_id = ${accountId}::uuid AND email_index = ${blindIndex("email", email)}
            AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS open_until,
        EXISTS (SELECT 1 FROM customer_accounts ca JOIN customers c ON c.id = ca.customer_id
          WHERE ca.account_id = ${accountId}::uuid AND c.email_index = ${blindIndex("email", email)}) AS linked`,
  );
  if (state?.open_until) {
    throw fieldConflict(
      "email",
      "invite_already_open",
      `An invitation to ${email} for this account is still open: revoke it first to send another.`,
    );
  }
  if (state?.linked) {
    throw fieldConflict(
      "email",
      "already_linked",
      `The customer with email ${email} already has a role on this account.`,
    );
  }

  const id = randomUUID();
  const token = inviteLinkToken(id);
  const [row] = await tx
    .insert(customerInvites)
    .values({
      id,
      accountId,
      role,
      ...sealEmail(email),
      tokenHash: hashInviteToken(token),
      expiresAt: sql`now() + make_interval(days => ${INVITE_TTL_DAYS})`,
      createdBy: input.actor.id ?? input.actor.type,
    })
    .returning();
  if (!row) throw new Error("The invite was not inserted");
  const { tokenHash: _, emailIndex: __, ...stored } = row;
  const invite = { ...stored, email };

  await recordChanges(tx, input.actor, [
    {
      type: "InviteCreated",
      event: {
        type: "InviteCreated",
        aggregateType: "invite",
        aggregateId: invite.id,
        // No address and no token: the mail relay looks both up from the id.
        payload: {
          inviteId: invite.id,
          accountId,
          role,
          expiresAt: invite.expiresAt.toISOString(),
          portalUrl: input.portalUrl,
        },
      },
    },
  ]);
  return { invite, token };
}

/** The integration event of a revocation; invites concern no customer yet, so no audit entry. */
export function inviteRevokedEntry(invite: { id: string; account_id: string }): ChangeEntry {
  return {
    type: "InviteRevoked",
    event: {
      type: "InviteRevoked",
      aggregateType: "invite",
      aggregateId: invite.id,
      payload: { inviteId: invite.id, accountId: invite.account_id },
    },
  };
}

/** Revokes an invite that has not been accepted; revoking twice keeps the first time. */
export async function revokeInvite(
  tx: Executor,
  { inviteId, actor }: { inviteId: string; actor: Actor },
): Promise<void> {
  const [invite] = await queryRows<{
    id: string;
    account_id: string;
    accepted: boolean;
    revoked: boolean;
  }>(
    tx,
    sql`SELECT id, account_id, accepted_at IS NOT NULL AS accepted, revoked_at IS NOT NULL AS revoked
        FROM customer_invites WHERE id = ${inviteId}::uuid FOR UPDATE`,
  );
  if (!invite) throw notFound("invite");
  if (invite.accepted) {
    throw new AppError("conflict", "This invitation has been accepted and cannot be revoked.");
  }
  if (invite.revoked) return;
  await tx.execute(
    sql`UPDATE customer_invites SET revoked_at = now() WHERE id = ${inviteId}::uuid`,
  );
  await recordChanges(tx, actor, [inviteRevokedEntry(invite)]);
}
