import { sql } from "drizzle-orm";
import { getDb, queryRows } from "../client";
import { sessionRevocations } from "../schema";

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

/** One index lookup: has this sign-in been ended before its cookie expired? */
export async function isSessionRevoked(marks: SessionMarks): Promise<boolean> {
  const signedInAt = new Date((marks.signedInAt ?? 0) * 1000).toISOString();
  const [row] = await queryRows<{ revoked: boolean }>(
    getDb(),
    sql`SELECT EXISTS (
          SELECT 1 FROM session_revocations
          WHERE (scope = 'session' AND value = ${marks.sessionId ?? ""})
             OR (scope = 'realm_session' AND value = ${marks.idpSessionId ?? ""})
             OR (scope = 'subject' AND value = ${marks.subject} AND revoked_at >= ${signedInAt}::timestamptz)
        ) AS revoked`,
  );
  return row?.revoked ?? false;
}

export type RevocationScope = "session" | "realm_session" | "subject";

/** Ends a sign-in on the server: its cookie is refused from now on. */
export async function revokeSession(scope: RevocationScope, value: string, reason: string) {
  if (!value) return;
  await getDb().insert(sessionRevocations).values({ scope, value, reason });
}
