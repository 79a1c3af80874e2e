import { lt, sql } from "drizzle-orm";
import { type Executor, getDb, queryRows } from "../client";
import { logoutTokenUses, sessionRevocations } from "../schema";
import type { CustomerStatus } from "../schema/customers";

/** What a session cookie says about the sign-in it stands for. */
export interface SessionMarks {
  subject: string;
  /** The portal's own id of this sign-in. */
  sessionId?: string;
  /** The identity provider's session (`sid`), ended by a logout at the realm. */
  idpSessionId?: string;
  /** Seconds since the epoch. */
  signedInAt?: number;
}

/** What the server knows about a sign-in: whether it was ended, and its customer's status. */
export interface SessionStanding {
  revoked: boolean;
  /** The status of the signed-in customer (null without one, or for staff). */
  customerStatus: CustomerStatus | null;
}

/**
 * One statement of index lookups: has this sign-in been ended before its cookie expired, and,
 * for a customer, what is their status now (closed ones included, which the gates refuse)?
 */
export async function checkSession(
  marks: SessionMarks,
  customer: { customerId: string | null; subject: string } | null = null,
): Promise<SessionStanding> {
  const signedInAt = new Date((marks.signedInAt ?? 0) * 1000).toISOString();
  const status = customer
    ? sql`(SELECT status::text FROM customers WHERE ${
        customer.customerId
          ? sql`id = ${customer.customerId}::uuid`
          : sql`auth_subject = ${customer.subject}`
      })`
    : sql`NULL::text`;
  const [row] = await queryRows<{ revoked: boolean; customer_status: CustomerStatus | null }>(
    getDb(),
    sql`SELECT EXISTS (
          SELECT 1 FROM session_revocations
          WHERE (scope = 'session' AND value = ${marks.sessionId ?? ""})
             OR (scope = 'realm_session' AND value = ${marks.idpSessionId ?? ""})
             OR (scope = 'subject' AND value = ${marks.subject} AND revoked_at >= ${signedInAt}::timestamptz)
        ) AS revoked, ${status} AS customer_status`,
  );
  return { revoked: row?.revoked ?? false, customerStatus: row?.customer_status ?? null };
}

export type RevocationScope = "session" | "realm_session" | "subject";

/** Ends a sign-in on the server: its cookie is refused from now on. */
export async function revokeSession(
  scope: RevocationScope,
  value: string,
  reason: string,
  db: Executor = getDb(),
) {
  if (!value) return;
  await db.insert(sessionRevocations).values({ scope, value, reason });
}

/**
 * Records a logout token as used until it expires; false when its issuer and `jti` were
 * recorded before (a replay). Tokens past their expiry are purged on the way.
 */
export async function claimLogoutToken(
  db: Executor,
  token: { issuer: string; jti: string; expiresAt: Date },
): Promise<boolean> {
  await db.delete(logoutTokenUses).where(lt(logoutTokenUses.expiresAt, sql`now()`));
  const claimed = await db
    .insert(logoutTokenUses)
    .values(token)
    .onConflictDoNothing()
    .returning({ jti: logoutTokenUses.jti });
  return claimed.length > 0;
}
