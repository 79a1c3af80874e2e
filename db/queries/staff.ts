import { sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { blindIndex, decryptPii, revealPii } from "@/lib/pii";
import type { ErasureRequestView } from "@/lib/schemas/types";
import { getDb, queryRows } from "../client";
import { accountBalance, accountEsco, balanceSql } from "./account-sql";
import { premisesInOrder } from "./addresses";
import { isoDate, isoInstant } from "./sql-format";

export interface StaffSearchHit {
  customerId: string;
  name: string | null;
  email: string | null;
  type: string;
  status: string;
  accounts: string[];
  matchedBy: string[];
}

const SEARCH_LIMIT = 25;

/**
 * Customers by name (substring, trigram-indexed), email or phone (exact, blind-indexed), account
 * number, meter number or postcode (prefix, indexed), in one statement.
 */
export async function searchCustomers(q: string): Promise<StaffSearchHit[]> {
  const statement = searchStatement(q);
  if (!statement) return [];
  const hits = await queryRows<StaffSearchHit>(getDb(), statement);
  return hits.map((hit) => ({ ...hit, email: decryptPii("email", hit.email) }));
}

/**
 * Emails and phones are encrypted, so they match exactly, through their blind indexes: a term
 * with an @ is looked up as an email, one of digits (and + ( ) - . spaces) as a phone number.
 */
function contactMatches(term: string) {
  const matches = [];
  if (term.includes("@")) {
    matches.push(
      sql`UNION ALL SELECT id, 'email' FROM customers WHERE email_index = ${blindIndex("email", term)}`,
    );
  }
  if (/^\+?[0-9][0-9 ().-]{5,}$/.test(term)) {
    const phone = term.trim().startsWith("+") ? term : `+${term}`;
    const variants = [...new Set([phone, ...nationalAsE164(term)])].map((p) =>
      blindIndex("phone", p),
    );
    matches.push(
      sql`UNION ALL SELECT id, 'phone' FROM customers WHERE phone_index IN (${sql.join(
        variants.map((v) => sql`${v}`),
        sql`, `,
      )})`,
    );
  }
  return sql.join(matches, sql` `);
}

/** A national number as E.164 in each country the portal serves (its ESCOs' countries). */
function nationalAsE164(term: string): string[] {
  if (term.trim().startsWith("+")) return [];
  return (["US", "GB"] as const).flatMap((country) => {
    const parsed = parsePhoneNumberFromString(term, country);
    return parsed?.isValid() ? [parsed.number] : [];
  });
}

/** The search as one SQL statement (exposed for the benchmark's EXPLAIN); null for too short a term. */
export function searchStatement(q: string) {
  const term = q.trim();
  if (term.length < 2) return null;
  const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const prefix = `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const postcode = `${term
    .replace(/\s+/g, "")
    .toUpperCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`WITH matches AS (
          SELECT id AS customer_id, 'name' AS how FROM customers WHERE name ILIKE ${like}
          ${contactMatches(term)}
          UNION ALL SELECT ca.customer_id, 'account' FROM accounts a JOIN customer_accounts ca ON ca.account_id = a.id
                    WHERE a.account_number LIKE ${prefix}
          UNION ALL SELECT ca.customer_id, 'meter' FROM meters m JOIN premises p ON p.id = m.premise_id
                    JOIN customer_accounts ca ON ca.account_id = p.account_id
                    WHERE upper(m.meter_number) LIKE upper(${prefix})
          UNION ALL SELECT ca.customer_id, 'postcode' FROM premises p JOIN customer_accounts ca ON ca.account_id = p.account_id
                    WHERE upper(replace(p.zip, ' ', '')) LIKE ${postcode}
        ), hits AS (
          SELECT customer_id, array_agg(DISTINCT how ORDER BY how) AS how FROM matches GROUP BY customer_id
        )
        SELECT c.id AS "customerId", c.name, c.email, c.type, c.status,
               coalesce((SELECT array_agg(a.account_number ORDER BY a.account_number)
                         FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id
                         WHERE ca.customer_id = c.id), '{}') AS accounts,
               h.how AS "matchedBy"
        FROM hits h JOIN customers c ON c.id = h.customer_id
        ORDER BY (c.name ILIKE ${prefix}) DESC, c.name NULLS LAST, c.id
        LIMIT ${SEARCH_LIMIT}`;
}

/** What support sees about one customer: profile, status history, accounts and their assets. */
export async function getCustomerForStaff(customerId: string) {
  const [row] = await queryRows<{ body: StaffCustomerView }>(
    getDb(),
    sql`SELECT json_build_object(
          'customerId', c.id, 'type', c.type, 'name', c.name, 'firstName', c.first_name, 'lastName', c.last_name,
          'businessName', c.business_name, 'email', c.email, 'phone', c.phone, 'status', c.status,
          'createdAt', ${isoInstant(sql`c.created_at`)}, 'deletedAt', ${isoInstant(sql`c.deleted_at`)},
          'accounts', (SELECT coalesce(json_agg(json_build_object(
              'accountId', a.id, 'accountNumber', a.account_number, 'nickname', a.nickname,
              'status', a.status, 'closedOn', a.closed_on, 'role', ca.role, 'currency', esco.currency,
              'currentBalance', ${balanceSql.current}, 'overdueAmount', ${balanceSql.overdue},
              'nextDueDate', ${balanceSql.nextDueDate},
              'premises', (SELECT coalesce(json_agg(json_build_object(
                  'premiseId', p.id, 'street', p.street, 'unit', p.unit, 'city', p.city, 'zip', p.zip,
                  'isPrimary', p.is_primary,
                  'meters', (SELECT coalesce(json_agg(json_build_object(
                      'meterId', m.id, 'meterNumber', m.meter_number, 'type', m.type, 'status', m.status,
                      'isSmart', m.is_smart) ORDER BY m.meter_number), '[]'::json)
                    FROM meters m WHERE m.premise_id = p.id)
                ) ORDER BY p.is_primary DESC, p.created_at, p.id), '[]'::json) FROM premises p WHERE p.account_id = a.id)
            ) ORDER BY a.account_number), '[]'::json)
            FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id
            ${accountEsco} ${accountBalance}
            WHERE ca.customer_id = c.id),
          'events', (SELECT coalesce(json_agg(json_build_object(
              'type', e.type, 'actorType', e.actor_type, 'actorId', e.actor_id, 'data', e.data,
              'occurredAt', ${isoInstant(sql`e.occurred_at`)}) ORDER BY e.occurred_at DESC, e.id DESC), '[]'::json)
            FROM (SELECT * FROM customer_events e WHERE e.customer_id = c.id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 50) e),
          'supportSessions', (SELECT coalesce(json_agg(json_build_object(
              'staffUsername', s.staff_username, 'reason', s.reason, 'startedAt', ${isoInstant(sql`s.started_at`)},
              'endedAt', ${isoInstant(sql`s.ended_at`)}, 'endReason', s.end_reason) ORDER BY s.started_at DESC), '[]'::json)
            FROM (SELECT * FROM impersonation_sessions s WHERE s.customer_id = c.id ORDER BY s.started_at DESC LIMIT 10) s),
          'erasureRequest', (SELECT json_build_object('requestId', r.id, 'status', r.status,
              'requestedAt', ${isoInstant(sql`r.requested_at`)}, 'resolvedAt', ${isoInstant(sql`r.resolved_at`)},
              'declineReason', r.decline_reason)
            FROM erasure_requests r WHERE r.customer_id = c.id ORDER BY r.requested_at DESC, r.id LIMIT 1),
          'createdOn', ${isoDate(sql`c.created_at::date`)}
        ) AS body
        FROM customers c WHERE c.id = ${customerId}::uuid`,
  );
  if (!row) return null;
  const view = revealPii(row.body);
  return {
    ...view,
    accounts: view.accounts.map((a) => ({ ...a, premises: premisesInOrder(a.premises) })),
  };
}

export interface StaffCustomerView {
  customerId: string;
  type: "individual" | "business";
  name: string | null;
  email: string | null;
  phone: string | null;
  status: string;
  createdAt: string;
  deletedAt: string | null;
  accounts: {
    accountId: string;
    accountNumber: string;
    nickname: string | null;
    status: string;
    closedOn: string | null;
    role: string;
    currency: string | null;
    currentBalance: number | null;
    overdueAmount: number | null;
    nextDueDate: string | null;
    premises: {
      premiseId: string;
      street: string;
      unit: string | null;
      city: string;
      zip: string;
      isPrimary: boolean;
      meters: {
        meterId: string;
        meterNumber: string;
        type: string;
        status: string;
        isSmart: boolean;
      }[];
    }[];
  }[];
  events: {
    type: string;
    actorType: string;
    actorId: string | null;
    data: Record<string, unknown>;
    occurredAt: string;
  }[];
  erasureRequest: ErasureRequestView | null;
  supportSessions: {
    staffUsername: string;
    reason: string;
    startedAt: string;
    endedAt: string | null;
    endReason: string | null;
  }[];
}
