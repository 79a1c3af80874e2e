import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import type { AccountRole } from "@/db/schema/accounts";
import type { CustomerStatus } from "@/db/schema/customers";
import { AppError, notFound } from "@/lib/errors";
import { encryptPii } from "@/lib/pii";
import { withArticle } from "@/lib/text";
import type { Actor } from "./events";
import { type ChangeEntry, recordChanges } from "./record-changes";

/**
 * Keys whose values are personal data in a customer's audit trail. Wherever one appears in an
 * entry's `data`, at any depth, its whole value becomes "[erased]"; the entry's type, actor and
 * time stay, so the history of what happened survives the erasure.
 */
export const PERSONAL_KEYS = [
  "name",
  "first_name",
  "last_name",
  "business_name",
  "email",
  "phone",
  "auth_subject",
  "mailing_street",
  "mailing_unit",
  "mailing_city",
  "mailing_state",
  "mailing_zip",
  "mailing_country",
  "mailing_address",
  "firstName",
  "lastName",
  "businessName",
  "authSubject",
  "mailingAddress",
  // Free text an admin wrote to the customer when declining an erasure request.
  "declineReason",
] as const;

export const ERASED = "[erased]";

const personal = new Set<string>(PERSONAL_KEYS);

/** A copy of `value` with every personal value replaced. */
export function scrubPersonalData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubPersonalData);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        personal.has(key) && inner !== null ? ERASED : scrubPersonalData(inner),
      ]),
    );
  }
  return value;
}

/**
 * GDPR erasure: the customer row stays (bills and the audit trail point at it) but is closed
 * and stripped of personal data. Only a customer who has gone live can be erased, since closed
 * is reached from inactive: a live customer passes through inactive, and both status changes
 * are recorded. An occupier of an account still open cannot be erased (the account is closed
 * at move-out first, or they are unlinked while others occupy it): 409. Links to closed
 * accounts stay, so their history keeps its account holder; landlord, agent and billing links
 * to open accounts are removed, and recorded as unlinked. Onboarding or prelive customers have
 * no path to closed: 409. Runs several statements: call it inside the request's transaction.
 */
export async function eraseCustomer(
  tx: Executor,
  { customerId, actor }: { customerId: string; actor: Actor },
): Promise<void> {
  const [customer] = await queryRows<{ status: CustomerStatus; links: OpenLink[] }>(
    tx,
    sql`SELECT c.status, coalesce((
          SELECT json_agg(json_build_object('accountId', a.id, 'accountNumber', a.account_number,
              'role', ca.role,
              'otherOccupiers', (SELECT count(*) FROM customer_accounts o
                WHERE o.account_id = a.id AND o.role = 'occupier' AND o.customer_id <> c.id))
            ORDER BY a.account_number)
          FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id
          WHERE ca.customer_id = c.id AND a.status <> 'closed'), '[]'::json) AS links
        FROM customers c WHERE c.id = ${customerId}::uuid FOR UPDATE OF c`,
  );
  if (!customer) throw notFound("customer");
  if (customer.status === "closed") {
    throw new AppError("conflict", "This customer has already been erased.");
  }
  refuseOpenOccupancy(customer.links);
  if (customer.status === "onboarding" || customer.status === "prelive") {
    throw new AppError(
      "invalid_status_transition",
      `${withArticle(customer.status, true)} customer cannot be erased: only live or inactive customers can be closed.`,
    );
  }

  const statusChange = (from: CustomerStatus, to: CustomerStatus): ChangeEntry => ({
    customerId,
    type: "CustomerStatusChanged",
    data: { from, to, reason: "erasure" },
    event: {
      type: "CustomerStatusChanged",
      aggregateType: "customer",
      aggregateId: customerId,
      payload: { customerId, from, to },
    },
  });
  const changes: ChangeEntry[] = [];
  if (customer.links.length) {
    await tx.execute(sql`DELETE FROM customer_accounts WHERE customer_id = ${customerId}::uuid
        AND account_id IN (${sql.join(
          customer.links.map((l) => sql`${l.accountId}::uuid`),
          sql`, `,
        )})`);
    changes.push(...customer.links.map((link) => unlinked(customerId, link)));
  }
  if (customer.status === "live") {
    await tx.execute(
      sql`UPDATE customers SET status = 'inactive', updated_at = now() WHERE id = ${customerId}::uuid`,
    );
    changes.push(statusChange("live", "inactive"));
  }
  await tx.execute(sql`UPDATE customers SET status = 'closed', first_name = NULL, last_name = NULL,
      business_name = NULL, email = NULL, email_index = NULL, phone = NULL, phone_index = NULL,
      phone_tail_index = NULL,
      auth_subject = NULL,
      deleted_at = now(), updated_at = now()
    WHERE id = ${customerId}::uuid`);
  changes.push(statusChange("inactive", "closed"));
  await tx.execute(sql`UPDATE preferences SET mailing_same_as_primary = true, mailing_street = NULL,
      mailing_unit = NULL, mailing_city = NULL, mailing_state = NULL, mailing_zip = NULL,
      mailing_country = NULL, updated_at = now()
    WHERE customer_id = ${customerId}::uuid`);

  await tx.execute(sql`UPDATE erasure_requests SET decline_reason = ${ERASED}
    WHERE customer_id = ${customerId}::uuid AND decline_reason IS NOT NULL`);
  const scrubbedEntries = await scrubJsonColumn(tx, {
    table: "customer_events",
    column: "data",
    where: sql`customer_id = ${customerId}::uuid`,
  });
  // The invitations they accepted and the integration events about them (sent or not) name them too.
  // Their address is replaced by a placeholder (encrypted like any address) that matches no one.
  const invites = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id::text AS id FROM customer_invites WHERE accepted_customer_id = ${customerId}::uuid`,
  );
  if (invites.length) {
    const placeholders = invites.map(
      (i) => sql`(${i.id}::uuid, ${encryptPii("email", `erased-${i.id}@erased.invalid`)})`,
    );
    await tx.execute(sql`UPDATE customer_invites i SET email = v.email, email_index = NULL
      FROM (VALUES ${sql.join(placeholders, sql`, `)}) AS v(id, email) WHERE i.id = v.id`);
  }
  await scrubJsonColumn(tx, {
    table: "outbox",
    column: "payload",
    where: sql`((aggregate_type = 'customer' AND aggregate_id = ${customerId}::uuid)
      OR (aggregate_type = 'invite' AND aggregate_id::text IN (${
        invites.length
          ? sql.join(
              invites.map((i) => sql`${i.id}`),
              sql`, `,
            )
          : sql`NULL`
      })))`,
  });

  changes.push({
    customerId,
    type: "CustomerErased",
    data: { scrubbedEntries },
    event: {
      type: "CustomerErased",
      aggregateType: "customer",
      aggregateId: customerId,
      payload: { customerId },
    },
  });
  await recordChanges(tx, actor, changes);
}

/** A link of the customer to an account that is not closed. */
interface OpenLink {
  accountId: string;
  accountNumber: string;
  role: AccountRole;
  otherOccupiers: number;
}

/** Someone still living at an open account cannot be erased: 409, saying what to do first. */
function refuseOpenOccupancy(links: OpenLink[]): void {
  const occupied = links.filter((l) => l.role === "occupier");
  const sole = occupied.filter((l) => l.otherOccupiers === 0);
  if (sole.length) {
    throw new AppError(
      "conflict",
      `This customer is the only occupier of open account ${sole.map((l) => l.accountNumber).join(", ")}: close the account (move-out) before erasing the customer.`,
    );
  }
  if (occupied.length) {
    throw new AppError(
      "conflict",
      `This customer is an occupier of open account ${occupied.map((l) => l.accountNumber).join(", ")}: unlink them, or close the account, before erasing the customer.`,
    );
  }
}

/** The same entry as an admin's unlink through the admin API. */
function unlinked(customerId: string, link: OpenLink): ChangeEntry {
  return {
    customerId,
    type: "AccountUnlinked",
    data: { account_id: link.accountId, role: link.role, reason: "erasure" },
    event: {
      type: "AccountUnlinked",
      aggregateType: "account",
      aggregateId: link.accountId,
      payload: { accountId: link.accountId, customerId, role: link.role },
    },
  };
}

/** Replaces personal values in a JSON column of the rows `where` selects; returns how many changed. */
async function scrubJsonColumn(
  tx: Executor,
  {
    table,
    column,
    where,
  }: { table: "customer_events" | "outbox"; column: "data" | "payload"; where: SQL },
): Promise<number> {
  const rows = await queryRows<{ id: string; value: string }>(
    tx,
    sql`SELECT id::text AS id, ${sql.identifier(column)}::text AS value FROM ${sql.identifier(table)}
        WHERE ${where} FOR UPDATE`,
  );
  const scrubbed = rows.flatMap((row) => {
    const original = JSON.parse(row.value);
    const value = JSON.stringify(scrubPersonalData(original));
    return value === JSON.stringify(original) ? [] : [{ id: row.id, value }];
  });
  if (scrubbed.length) {
    await tx.execute(sql`UPDATE ${sql.identifier(table)} t SET ${sql.identifier(column)} = v.value::jsonb
      FROM (VALUES ${sql.join(
        scrubbed.map((s) => sql`(${s.id}::bigint, ${s.value}::text)`),
        sql`, `,
      )}) AS v(id, value)
      WHERE t.id = v.id`);
  }
  return scrubbed.length;
}
