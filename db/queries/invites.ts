import { sql } from "drizzle-orm";
import type { AccountRole } from "@/db/schema/accounts";
import type { CustomerStatus } from "@/db/schema/customers";
import { type InviteStatus, inviteStatusSql } from "@/lib/invites/status";
import { hashInviteToken, isWellFormedToken } from "@/lib/invites/token";
import { decryptPii } from "@/lib/pii";
import { type Executor, getDb, queryRows } from "../client";

export interface InviteView {
  id: string;
  accountId: string;
  accountNumber: string;
  role: AccountRole;
  email: string;
  status: InviteStatus;
  expiresAt: string;
}

/** What an invitation link stands for, or null when it is not one we issued. */
export async function findInviteByToken(token: string): Promise<InviteView | null> {
  if (!isWellFormedToken(token)) return null;
  const [row] = await queryRows<InviteView>(
    getDb(),
    sql`SELECT i.id, i.account_id AS "accountId", a.account_number AS "accountNumber", i.role,
          i.email, ${inviteStatusSql("i")} AS status,
          to_char(i.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "expiresAt"
        FROM customer_invites i JOIN accounts a ON a.id = i.account_id
        WHERE i.token_hash = ${hashInviteToken(token)}`,
  );
  return row ? { ...row, email: decryptPii("email", row.email) } : null;
}

/** An invite being accepted, its address in plain text. */
export interface LockedInvite {
  id: string;
  account_id: string;
  role: AccountRole;
  email: string;
  status: InviteStatus;
}

/** The invite a link stands for, locked for the acceptance's transaction; null if unknown. */
export async function lockInviteByToken(tx: Executor, token: string): Promise<LockedInvite | null> {
  const [invite] = await queryRows<LockedInvite>(
    tx,
    sql`SELECT i.id, i.account_id, i.role, i.email, ${inviteStatusSql("i")} AS status
        FROM customer_invites i WHERE i.token_hash = ${hashInviteToken(token)} FOR UPDATE`,
  );
  return invite ?? null;
}

export async function findAccountIdByNumber(accountNumber: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    getDb(),
    sql`SELECT id FROM accounts WHERE account_number = ${accountNumber}`,
  );
  return row?.id ?? null;
}

/** True when this identity's customer already holds a role on the account. */
export async function isLinkedToAccount({
  subject,
  accountId,
}: {
  subject: string;
  accountId: string;
}): Promise<boolean> {
  const [row] = await queryRows<{ linked: boolean }>(
    getDb(),
    sql`SELECT EXISTS (SELECT 1 FROM customer_accounts ca JOIN customers c ON c.id = ca.customer_id
          WHERE c.auth_subject = ${subject} AND c.status <> 'closed'
            AND ca.account_id = ${accountId}::uuid) AS linked`,
  );
  return row?.linked ?? false;
}

export interface InviteListItem {
  id: string;
  accountNumber: string;
  role: AccountRole;
  email: string;
  status: InviteStatus;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  customerId: string | null;
  customerStatus: CustomerStatus | null;
}

const iso = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/** The staff console's list: the latest invites, with the customer each one brought in. */
export async function listRecentInvites({ limit = 50 }: { limit?: number } = {}) {
  const rows = await queryRows<InviteListItem>(
    getDb(),
    sql`SELECT i.id, a.account_number AS "accountNumber", i.role, i.email,
          ${inviteStatusSql("i")} AS status, ${iso("i.created_at")} AS "createdAt",
          ${iso("i.expires_at")} AS "expiresAt", ${iso("i.accepted_at")} AS "acceptedAt",
          ${iso("i.revoked_at")} AS "revokedAt", c.id AS "customerId", c.status AS "customerStatus"
        FROM customer_invites i
        JOIN accounts a ON a.id = i.account_id
        LEFT JOIN customers c ON c.id = i.accepted_customer_id
        ORDER BY i.created_at DESC, i.id
        LIMIT ${limit}`,
  );
  return rows.map((row) => ({ ...row, email: decryptPii("email", row.email) }));
}

/** What the invitation email of an invite says, with the address as the invite holds it. */
export interface InviteMailFacts {
  inviteId: string;
  to: string;
  accountNumber: string;
  role: AccountRole;
  status: InviteStatus;
  expiresAt: Date;
}

const mailFacts = sql`i.id AS "inviteId", i.email AS "to", a.account_number AS "accountNumber",
  i.role, ${inviteStatusSql("i")} AS status, i.expires_at AS "expiresAt"`;

/** Mail facts as stored (the address encrypted, the time as text) made ready to compose. */
function revealMailFacts<T extends InviteMailFacts>(row: T): T {
  return { ...row, to: decryptPii("email", row.to), expiresAt: new Date(row.expiresAt) };
}

/** The facts of one invite's email, for the relay that sends it; null once the invite is gone. */
export async function findInviteMailFacts(
  db: Executor,
  inviteId: string,
): Promise<InviteMailFacts | null> {
  const [row] = await queryRows<InviteMailFacts>(
    db,
    sql`SELECT ${mailFacts} FROM customer_invites i JOIN accounts a ON a.id = i.account_id
        WHERE i.id = ${inviteId}::uuid`,
  );
  return row ? revealMailFacts(row) : null;
}

export interface MailboxItem extends InviteMailFacts {
  id: number;
  portalUrl: string;
  queuedAt: string;
  sentAt: string | null;
}

/**
 * Invitation emails waiting in, or delivered from, the outbox, newest first: what the dev
 * mailbox shows instead of sending them. The event holds the invite's id; the rest is the
 * invite's.
 */
export async function listMailbox({ limit = 50 }: { limit?: number } = {}) {
  const rows = await queryRows<MailboxItem>(
    getDb(),
    sql`SELECT o.id::int AS id, o.payload #>> '{data,portalUrl}' AS "portalUrl", ${mailFacts},
          ${iso("o.created_at")} AS "queuedAt", ${iso("o.published_at")} AS "sentAt"
        FROM outbox o
        JOIN customer_invites i ON i.id = o.aggregate_id
        JOIN accounts a ON a.id = i.account_id
        -- Events written before emails were composed from ids name no portal URL.
        WHERE o.event_type = 'InviteCreated' AND o.payload #> '{data,portalUrl}' IS NOT NULL
        ORDER BY o.id DESC LIMIT ${limit}`,
  );
  return rows.map(revealMailFacts);
}
