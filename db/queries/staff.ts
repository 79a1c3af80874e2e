import { type SQL, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { blindIndex, decryptPii } from "@/lib/pii";
import { getDb, queryRows } from "../client";

/** How closely a customer's value matched the search term. */
export type MatchQuality = "exact" | "prefix" | "partial";

export interface StaffSearchHit {
  customerId: string;
  name: string | null;
  email: string | null;
  type: string;
  status: string;
  accounts: string[];
  /** The fields that matched, best first. */
  matchedBy: string[];
  /** Why it matched: each field with how closely, best first. */
  matches: { field: string; quality: MatchQuality }[];
  /** The best match's strength (3 exact, 2 prefix, 1 partial); results are ordered by it. */
  score: number;
}

const SEARCH_LIMIT = 25;

/**
 * Customers by name or account nickname (substring, trigram-indexed), email or phone (exact,
 * blind-indexed), the phone's last seven digits or a premise's street name (exact,
 * blind-indexed), account number, meter number or postcode (prefix, indexed), in one statement,
 * ranked by how well each matched: exact, then prefix, then partial.
 */
export async function searchCustomers(q: string): Promise<StaffSearchHit[]> {
  const statement = searchStatement(q);
  if (!statement) return [];
  const hits = await queryRows<StaffSearchHit>(getDb(), statement);
  return hits.map((hit) => ({ ...hit, email: decryptPii("email", hit.email) }));
}

const EXACT = 3;
const PREFIX = 2;
const PARTIAL = 1;

/** A phone-like term: digits with + ( ) - . and spaces, at least seven digits. */
function isPhoneLike(term: string): boolean {
  return /^\+?[0-9(][0-9 ().-]{5,}$/.test(term) && term.replace(/[^0-9]/g, "").length >= 7;
}

/**
 * Emails, phones and streets are encrypted, so they match exactly, through their blind indexes: a
 * term with an @ is looked up as an email; one of digits (and + ( ) - . spaces) as a phone number,
 * whole (in any country the portal serves) or by its last seven digits; one with letters as a
 * street name (the house number, if given, is left out).
 */
function encryptedMatches(term: string) {
  const matches = [];
  if (term.includes("@")) {
    matches.push(
      sql`UNION ALL SELECT id, 'email', ${EXACT} FROM customers WHERE email_index = ${blindIndex("email", term)}`,
    );
  }
  if (isPhoneLike(term)) {
    const phone = term.trim().startsWith("+") ? term : `+${term}`;
    const variants = [...new Set([phone, ...nationalAsE164(term)])].map((p) =>
      blindIndex("phone", p),
    );
    matches.push(
      sql`UNION ALL SELECT id, 'phone', ${EXACT} FROM customers WHERE phone_index IN (${sql.join(
        variants.map((v) => sql`${v}`),
        sql`, `,
      )})`,
      // Seven digits say nothing of the area code: a partial match, whatever was typed.
      sql`UNION ALL SELECT id, 'phone', ${PARTIAL} FROM customers
                    WHERE phone_tail_index = ${blindIndex("phone_tail", term)}`,
    );
  }
  if (/\p{L}/u.test(term) && !term.includes("@")) {
    matches.push(
      sql`UNION ALL SELECT ca.customer_id, 'street', ${EXACT} FROM premises p
                    JOIN customer_accounts ca ON ca.account_id = p.account_id
                    WHERE p.street_index = ${blindIndex("street", term)}`,
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

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** How a plain text column matched: the whole term, its start, or somewhere inside. */
function quality(column: SQL, exact: string, prefix: string) {
  return sql`CASE WHEN lower(${column}) = lower(${exact}) THEN ${EXACT}
                  WHEN ${column} ILIKE ${prefix} THEN ${PREFIX} ELSE ${PARTIAL} END`;
}

/** The search as one SQL statement (exposed for the benchmark's EXPLAIN); null for too short a term. */
export function searchStatement(q: string) {
  const term = q.trim();
  if (term.length < 2) return null;
  const like = `%${escapeLike(term)}%`;
  const prefix = `${escapeLike(term)}%`;
  const postcodeExact = term.replace(/\s+/g, "").toUpperCase();
  const postcode = `${escapeLike(postcodeExact)}%`;
  return sql`WITH matches AS (
          SELECT id AS customer_id, 'name' AS how, ${quality(sql`name`, term, prefix)} AS score
                 FROM customers WHERE name ILIKE ${like}
          ${encryptedMatches(term)}
          UNION ALL SELECT ca.customer_id, 'nickname', ${quality(sql`a.nickname`, term, prefix)}
                    FROM accounts a JOIN customer_accounts ca ON ca.account_id = a.id
                    WHERE a.nickname ILIKE ${like}
          UNION ALL SELECT ca.customer_id, 'account',
                           CASE WHEN a.account_number = ${term} THEN ${EXACT} ELSE ${PREFIX} END
                    FROM accounts a JOIN customer_accounts ca ON ca.account_id = a.id
                    WHERE a.account_number LIKE ${prefix}
          UNION ALL SELECT ca.customer_id, 'meter',
                           CASE WHEN upper(m.meter_number) = upper(${term}) THEN ${EXACT} ELSE ${PREFIX} END
                    FROM meters m JOIN premises p ON p.id = m.premise_id
                    JOIN customer_accounts ca ON ca.account_id = p.account_id
                    WHERE upper(m.meter_number) LIKE upper(${prefix})
          UNION ALL SELECT ca.customer_id, 'postcode',
                           CASE WHEN upper(replace(p.zip, ' ', '')) = ${postcodeExact} THEN ${EXACT} ELSE ${PREFIX} END
                    FROM premises p JOIN customer_accounts ca ON ca.account_id = p.account_id
                    WHERE upper(replace(p.zip, ' ', '')) LIKE ${postcode}
        ), fields AS (
          SELECT customer_id, how, max(score)::int AS score FROM matches GROUP BY customer_id, how
        ), hits AS (
          SELECT customer_id, max(score)::int AS score, sum(score)::int AS total,
                 array_agg(how ORDER BY score DESC, how) AS how,
                 json_agg(json_build_object('field', how, 'quality',
                   CASE score WHEN ${EXACT} THEN 'exact' WHEN ${PREFIX} THEN 'prefix' ELSE 'partial' END)
                   ORDER BY score DESC, how) AS matches
          FROM fields GROUP BY customer_id
        )
        SELECT c.id AS "customerId", c.name, c.email, c.type, c.status,
               coalesce((SELECT array_agg(a.account_number ORDER BY a.account_number)
                         FROM customer_accounts ca JOIN accounts a ON a.id = ca.account_id
                         WHERE ca.customer_id = c.id), '{}') AS accounts,
               h.how AS "matchedBy", h.matches, h.score
        FROM hits h JOIN customers c ON c.id = h.customer_id
        ORDER BY h.score DESC, h.total DESC, c.name NULLS LAST, c.id
        LIMIT ${SEARCH_LIMIT}`;
}
