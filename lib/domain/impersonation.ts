import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, getDb, queryRows } from "@/db/client";
import type { CustomerStatus } from "@/db/schema/customers";
import type { Impersonation, StaffPrincipal } from "@/lib/auth/principal";
import { AppError, notFound } from "@/lib/errors";
import { findPgError } from "@/lib/pg-error";
import { isId } from "@/lib/validation";
import { writeAccess } from "./access-audit";

export const IMPERSONATION_MINUTES = 30;
export const IMPERSONATION_COOKIE = "portal-impersonation";
const STAFF_REALM = "ossrep-internal";

export const startImpersonationSchema = z.strictObject({
  customerId: z.guid("Choose a customer"),
  reason: z
    .string()
    .trim()
    .min(10, "Say why you need to view the account (at least 10 characters)")
    .max(500, "Use at most 500 characters"),
});

interface SessionRow {
  id: string;
  customer_id: string;
  staff_subject: string;
  staff_username: string;
  reason: string;
  expires_at: string;
  customer_name: string | null;
  customer_status?: CustomerStatus;
}

function toImpersonation(row: SessionRow): Omit<Impersonation, "staffRoles"> & {
  customerId: string;
  customerName: string | null;
  customerStatus?: CustomerStatus;
} {
  return {
    id: row.id,
    staffSubject: row.staff_subject,
    staffUsername: row.staff_username,
    reason: row.reason,
    expiresAt: new Date(row.expires_at).toISOString(),
    customerId: row.customer_id,
    customerName: row.customer_name,
    customerStatus: row.customer_status,
  };
}

function audit(
  tx: Executor,
  entry: {
    staff: { subject: string; username: string };
    customerId: string;
    action: string;
    sessionId: string;
    reason?: string;
  },
) {
  return writeAccess(tx, {
    kind: "impersonation",
    actorRealm: STAFF_REALM,
    actorSubject: entry.staff.subject,
    actorUsername: entry.staff.username,
    customerId: entry.customerId,
    action: entry.action,
    reason: entry.reason,
    impersonationId: entry.sessionId,
  });
}

/**
 * Opens a read-only session as the customer. A member of staff holds at most one: a session
 * cannot be chained into another, and the database's unique index backs that up.
 */
export async function startImpersonation(input: {
  staff: StaffPrincipal;
  customerId: string;
  reason: string;
}) {
  try {
    return await openImpersonation(input);
  } catch (error) {
    // Two starts at once: the one-open-session index lets only the first through.
    if (findPgError(error)?.constraint === "impersonation_sessions_one_open_per_staff") {
      throw new AppError("conflict", "A view as a customer was opened at the same moment.");
    }
    throw error;
  }
}

async function openImpersonation({
  staff,
  customerId,
  reason,
}: {
  staff: StaffPrincipal;
  customerId: string;
  reason: string;
}) {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`
      UPDATE impersonation_sessions SET ended_at = now(), end_reason = 'expired'
      WHERE staff_subject = ${staff.subject} AND ended_at IS NULL AND expires_at <= now()`);
    const [open] = await queryRows<{ customer_name: string | null }>(
      tx,
      sql`SELECT c.name AS customer_name FROM impersonation_sessions s JOIN customers c ON c.id = s.customer_id
          WHERE s.staff_subject = ${staff.subject} AND s.ended_at IS NULL FOR UPDATE OF s`,
    );
    if (open) {
      throw new AppError(
        "conflict",
        `You are already viewing the portal as ${open.customer_name ?? "a customer"}. Stop that session first.`,
      );
    }
    const [customer] = await queryRows<{ id: string }>(
      tx,
      sql`SELECT id FROM customers WHERE id = ${customerId}::uuid AND status <> 'closed'`,
    );
    if (!customer) throw notFound("customer");
    const [row] = await queryRows<SessionRow>(
      tx,
      sql`INSERT INTO impersonation_sessions (staff_subject, staff_username, staff_roles, customer_id, reason, expires_at)
          VALUES (${staff.subject}, ${staff.username}, ${sql`ARRAY[${sql.join(
            staff.roles.map((r) => sql`${r}`),
            sql`, `,
          )}]::text[]`}, ${customerId}::uuid, ${reason}, now() + make_interval(mins => ${IMPERSONATION_MINUTES}))
          RETURNING id, customer_id, staff_subject, staff_username, reason, expires_at,
                    (SELECT name FROM customers WHERE id = ${customerId}::uuid) AS customer_name`,
    );
    if (!row) throw new Error("The session was not created");
    await audit(tx, {
      staff,
      customerId,
      action: "impersonation_start",
      sessionId: row.id,
      reason,
    });
    return toImpersonation(row);
  });
}

/** Ends the member of staff's open session, if any; returns the customer it was for. */
export async function stopImpersonation({
  staff,
}: {
  staff: { subject: string; username: string };
}) {
  return getDb().transaction(async (tx) => {
    const [row] = await queryRows<{ id: string; customer_id: string }>(
      tx,
      sql`UPDATE impersonation_sessions
          SET ended_at = now(), end_reason = CASE WHEN expires_at <= now() THEN 'expired' ELSE 'stopped' END
          WHERE staff_subject = ${staff.subject} AND ended_at IS NULL
          RETURNING id, customer_id`,
    );
    if (!row) return null;
    await audit(tx, {
      staff,
      customerId: row.customer_id,
      action: "impersonation_stop",
      sessionId: row.id,
    });
    return { customerId: row.customer_id };
  });
}

/**
 * The open, unexpired session behind an impersonation cookie, checked against the staff member
 * signed in, with the access recorded in the same statement: every read while viewing as a
 * customer is audited, and a stopped or expired session yields nothing. A view of a customer
 * closed since it started still resolves: the status gates refuse it, saying why.
 */
export async function resumeImpersonation({
  staff,
  sessionId,
  resource,
  action = "impersonation_read",
  requestId = null,
}: {
  staff: { subject: string; username: string };
  sessionId: string;
  resource: string;
  action?: string;
  requestId?: string | null;
}) {
  if (!isId(sessionId)) return null;
  const [row] = await queryRows<SessionRow>(
    getDb(),
    sql`WITH s AS (
          SELECT s.id, s.customer_id, s.staff_subject, s.staff_username, s.reason, s.expires_at,
                 c.name AS customer_name, c.status AS customer_status
          FROM impersonation_sessions s JOIN customers c ON c.id = s.customer_id
          WHERE s.id = ${sessionId}::uuid AND s.staff_subject = ${staff.subject}
            AND s.ended_at IS NULL AND s.expires_at > now()
        ), audited AS (
          INSERT INTO access_audit (kind, actor_realm, actor_subject, actor_username, customer_id, action, resource,
                                    impersonation_id, request_id)
          SELECT 'impersonation', ${STAFF_REALM}, s.staff_subject, s.staff_username, s.customer_id, ${action},
                 ${resource.slice(0, 500)}, s.id, ${requestId?.slice(0, 64) ?? null} FROM s
          RETURNING 1
        )
        SELECT s.*, (SELECT count(*) FROM audited) AS audited FROM s`,
  );
  return row ? toImpersonation(row) : null;
}

/** True while the member of staff has an open, unexpired session viewing as a customer. */
export async function isViewingAsCustomer(staffSubject: string): Promise<boolean> {
  const [row] = await queryRows<{ open: boolean }>(
    getDb(),
    sql`SELECT EXISTS (SELECT 1 FROM impersonation_sessions
        WHERE staff_subject = ${staffSubject} AND ended_at IS NULL AND expires_at > now()) AS open`,
  );
  return row?.open ?? false;
}
