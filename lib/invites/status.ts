import { type SQL, sql } from "drizzle-orm";

export const inviteStatuses = ["open", "accepted", "revoked", "expired"] as const;
export type InviteStatus = (typeof inviteStatuses)[number];

/**
 * An invite's status, computed in SQL against the database clock: accepted and revoked are
 * final, and an invite left alone expires.
 */
export function inviteStatusSql(alias = "i"): SQL {
  const i = sql.raw(alias);
  return sql`CASE WHEN ${i}.accepted_at IS NOT NULL THEN 'accepted'
    WHEN ${i}.revoked_at IS NOT NULL THEN 'revoked'
    WHEN ${i}.expires_at <= now() THEN 'expired'
    ELSE 'open' END`;
}
