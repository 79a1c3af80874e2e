import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { type LockedInvite, lockInviteByToken } from "@/db/queries/invites";
import type { AccountRole } from "@/db/schema/accounts";
import type { CustomerStatus } from "@/db/schema/customers";
import { AppError } from "@/lib/errors";
import type { InviteStatus } from "@/lib/invites/status";
import { isWellFormedToken } from "@/lib/invites/token";
import { blindIndex, decryptPii, encryptPii } from "@/lib/pii";
import type { Actor } from "./events";
import { type ChangeEntry, recordChanges } from "./record-changes";

export type UnavailableReason = "unknown" | "expired" | "used" | "revoked";

/** A link that cannot be used: 404 when we never issued it, 410 when it is spent. */
export class InviteUnavailable extends AppError {
  constructor(readonly reason: UnavailableReason) {
    super(
      reason === "unknown" ? "not_found" : "gone",
      reason === "unknown"
        ? "This invitation link is not valid."
        : `This invitation link has ${reason === "used" ? "already been used" : `been ${reason}`}.`,
    );
  }
}

const reasons: Record<Exclude<InviteStatus, "open">, UnavailableReason> = {
  accepted: "used",
  revoked: "revoked",
  expired: "expired",
};

/** Why an invite in this status cannot be used; null when it can. */
export function unavailableReason(status: InviteStatus | null): UnavailableReason | null {
  if (status === null) return "unknown";
  return status === "open" ? null : reasons[status];
}

function assertOpen(status: InviteStatus | null): void {
  const reason = unavailableReason(status);
  if (reason) throw new InviteUnavailable(reason);
}

/** Who is accepting: the identity signed in to the customer realm. */
export interface Invitee {
  subject: string;
  givenName?: string | null;
  familyName?: string | null;
  /** The identity's email address, present only when the realm has verified it. */
  verifiedEmail?: string | null;
}

/**
 * The one rule binding an invitation to its invitee: the signed-in identity's verified email
 * address is the invited one, ignoring case. `invitedEmail` is the invite's address as the
 * database layer returns it (in plain text).
 */
export function isInvitee(invitee: Invitee, invitedEmail: string): boolean {
  const verified = invitee.verifiedEmail?.trim().toLowerCase();
  return !!verified && verified === invitedEmail.trim().toLowerCase();
}

/** The clear refusal when someone else opens the link; the invited address is not revealed. */
function notTheInvitee(invitee: Invitee): AppError {
  return new AppError(
    "forbidden",
    invitee.verifiedEmail
      ? "This invitation was sent to a different email address than the one you signed in with. Sign in with the account for the invited address, or ask the person who invited you to invite your own address."
      : "Your sign-in has no verified email address. Verify your email address with the sign-in service, then open the invitation link again.",
    { errors: [{ field: "token", code: "not_the_invitee", message: "Not the invited address" }] },
  );
}

export interface Acceptance {
  customerId: string;
  accountId: string;
  role: AccountRole;
  createdCustomer: boolean;
}

const refuse = (code: string, message: string) =>
  new AppError("conflict", message, { errors: [{ field: "token", code, message }] });

const name = (value: string | null | undefined) => value?.trim().slice(0, 100) || null;

async function lockInvite(tx: Executor, token: string): Promise<LockedInvite> {
  if (!isWellFormedToken(token)) throw new InviteUnavailable("unknown");
  const invite = await lockInviteByToken(tx, token);
  assertOpen(invite?.status ?? null);
  const open = invite as LockedInvite;
  return { ...open, email: decryptPii("email", open.email) };
}

/** The invitee's customer, created (onboarding) from the invite and their identity if new. */
async function customerFor(
  tx: Executor,
  invite: LockedInvite,
  invitee: Invitee,
  changes: ChangeEntry[],
): Promise<{ id: string; status: CustomerStatus; created: boolean }> {
  const [existing] = await queryRows<{ id: string; status: CustomerStatus }>(
    tx,
    sql`SELECT id, status FROM customers
        WHERE auth_subject = ${invitee.subject} AND status <> 'closed' FOR UPDATE`,
  );
  if (existing) return { ...existing, created: false };

  const [taken] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM customers WHERE email_index = ${blindIndex("email", invite.email)}`,
  );
  if (taken) {
    throw refuse(
      "email_in_use",
      `Another sign-in already belongs to the customer with email ${invite.email}. Sign in with that one to accept this invitation.`,
    );
  }
  const [created] = await queryRows<{ id: string }>(
    tx,
    sql`INSERT INTO customers (type, first_name, last_name, email, email_index, status, auth_subject)
        VALUES ('individual', ${name(invitee.givenName)}, ${name(invitee.familyName)},
                ${encryptPii("email", invite.email)}, ${blindIndex("email", invite.email)},
                'onboarding', ${invitee.subject})
        RETURNING id`,
  );
  if (!created) throw new Error("The customer was not inserted");
  changes.push({
    customerId: created.id,
    type: "CustomerCreated",
    data: { status: "onboarding", type: "individual", inviteId: invite.id },
    event: {
      type: "CustomerCreated",
      aggregateType: "customer",
      aggregateId: created.id,
      payload: { customerId: created.id, type: "individual", status: "onboarding" },
    },
  });
  return { id: created.id, status: "onboarding", created: true };
}

/**
 * Accepts an invitation in one transaction: the invitee's customer (created if they have none),
 * the link to the account with the invited role, onboarding → prelive ("setup complete"), and the
 * invite marked accepted so the link works once. The invite row is locked, so two tabs racing
 * to accept the same link cannot both succeed.
 */
export async function acceptInvite(
  tx: Executor,
  { token, invitee }: { token: string; invitee: Invitee },
): Promise<Acceptance> {
  const invite = await lockInvite(tx, token);
  // Before anything is written: only the invited address may accept.
  if (!isInvitee(invitee, invite.email)) throw notTheInvitee(invitee);
  const actor: Actor = { type: "customer", id: invitee.subject };
  const changes: ChangeEntry[] = [];
  const customer = await customerFor(tx, invite, invitee, changes);

  const [account] = await queryRows<{ linked_role: AccountRole | null; occupiers: number }>(
    tx,
    sql`SELECT
        (SELECT role FROM customer_accounts
          WHERE account_id = ${invite.account_id}::uuid AND customer_id = ${customer.id}::uuid) AS linked_role,
        (SELECT count(*) FROM customer_accounts
          WHERE account_id = ${invite.account_id}::uuid AND role = 'occupier')::int AS occupiers`,
  );
  if (account?.linked_role) {
    throw refuse(
      "already_linked",
      `You already have access to this account (as ${account.linked_role}), so this invitation is not needed.`,
    );
  }
  if (invite.role !== "occupier" && !account?.occupiers) {
    throw refuse(
      "needs_occupier",
      "This account has no account holder yet. Their invitation has to be accepted first.",
    );
  }

  await tx.execute(
    sql`INSERT INTO customer_accounts (customer_id, account_id, role)
        VALUES (${customer.id}::uuid, ${invite.account_id}::uuid, ${invite.role}::account_role)`,
  );
  changes.push({
    customerId: customer.id,
    type: "AccountLinked",
    data: { account_id: invite.account_id, role: invite.role, inviteId: invite.id },
    event: {
      type: "AccountLinked",
      aggregateType: "account",
      aggregateId: invite.account_id,
      payload: { accountId: invite.account_id, customerId: customer.id, role: invite.role },
    },
  });

  if (customer.status === "onboarding") {
    await tx.execute(
      sql`UPDATE customers SET status = 'prelive', updated_at = now() WHERE id = ${customer.id}::uuid`,
    );
    changes.push({
      customerId: customer.id,
      type: "CustomerStatusChanged",
      data: { from: "onboarding", to: "prelive", reason: "setup complete" },
      event: {
        type: "CustomerStatusChanged",
        aggregateType: "customer",
        aggregateId: customer.id,
        payload: { customerId: customer.id, from: "onboarding", to: "prelive" },
      },
    });
  }

  await tx.execute(
    sql`UPDATE customer_invites SET accepted_at = now(), accepted_customer_id = ${customer.id}::uuid
        WHERE id = ${invite.id}::uuid`,
  );
  changes.push({
    customerId: customer.id,
    type: "InviteAccepted",
    data: { inviteId: invite.id, account_id: invite.account_id, role: invite.role },
    event: {
      type: "InviteAccepted",
      aggregateType: "invite",
      aggregateId: invite.id,
      payload: {
        inviteId: invite.id,
        accountId: invite.account_id,
        customerId: customer.id,
        role: invite.role,
      },
    },
  });
  await recordChanges(tx, actor, changes);
  return {
    customerId: customer.id,
    accountId: invite.account_id,
    role: invite.role,
    createdCustomer: customer.created,
  };
}
