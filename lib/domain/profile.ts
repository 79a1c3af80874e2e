import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, queryRows } from "@/db/client";
import { getCustomerProfile } from "@/db/queries/customers";
import { isPrincipalCustomer } from "@/db/queries/scope";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { emailSchema, phoneSchema, toCountryCode } from "@/lib/contact";
import { AppError, notFound } from "@/lib/errors";
import { findPgError } from "@/lib/pg-error";
import { blindIndex, decryptPii, encryptPii } from "@/lib/pii";
import { parseWith } from "@/lib/validation";
import { type Actor, recordChange } from "./events";

const name = (max: number) =>
  z.string().trim().min(1, "This cannot be empty").max(max, `Use at most ${max} characters`);

/** What a customer may change about themselves; the names that apply depend on their type. */
export function profileUpdateSchema(type: "individual" | "business", country: string | null) {
  const contact = {
    email: emailSchema.optional(),
    phone: phoneSchema(toCountryCode(country)).nullable().optional(),
  };
  return type === "business"
    ? z.strictObject({ businessName: name(200).optional(), ...contact })
    : z.strictObject({
        firstName: name(100).optional(),
        lastName: name(100).optional(),
        ...contact,
      });
}

/** Every field the schema knows, for documentation: the union of both customer types. */
export const profileUpdateDocSchema = z
  .strictObject({
    firstName: name(100).optional(),
    lastName: name(100).optional(),
    businessName: name(200).optional(),
    email: emailSchema.optional(),
    phone: z.string().max(32).nullable().optional(),
  })
  .meta({ id: "CustomerProfileUpdate" });

const columns = {
  firstName: "first_name",
  lastName: "last_name",
  businessName: "business_name",
  email: "email",
  phone: "phone",
} as const;

interface Current {
  id: string;
  type: "individual" | "business";
  country: string | null;
  first_name: string | null;
  last_name: string | null;
  business_name: string | null;
  email: string | null;
  phone: string | null;
}

function isUniqueEmailViolation(error: unknown): boolean {
  const pg = findPgError(error);
  return pg?.code === "23505" && pg.constraint === "customers_email_index_key";
}

/**
 * PUT /api/customer: validates against the customer's type and country (phones are read in the
 * country of their primary premise), updates what changed and records it, in one transaction.
 */
export async function updateCustomerProfile({
  principal,
  actor,
  body,
}: {
  principal: CustomerPrincipal;
  actor: Actor;
  body: unknown;
}) {
  try {
    await getDb().transaction(async (tx) => {
      const [current] = await queryRows<Current>(
        tx,
        sql`SELECT c.id, c.type, c.first_name, c.last_name, c.business_name, c.email, c.phone,
                   (SELECT p.country FROM customer_accounts ca JOIN premises p ON p.account_id = ca.account_id
                    WHERE ca.customer_id = c.id ORDER BY ca.role = 'occupier' DESC, p.is_primary DESC LIMIT 1) AS country
            FROM customers c WHERE ${isPrincipalCustomer(principal)}
            FOR NO KEY UPDATE OF c`,
      );
      if (!current) throw notFound("customer");
      current.email = decryptPii("email", current.email);
      current.phone = decryptPii("phone", current.phone);
      const input = parseWith(profileUpdateSchema(current.type, current.country), body) as Partial<
        Record<keyof typeof columns, string | null>
      >;
      const changed = (Object.keys(columns) as (keyof typeof columns)[]).filter(
        (field) => input[field] !== undefined && input[field] !== current[columns[field]],
      );
      if (changed.length === 0) return;
      const assignments = changed.flatMap((field) => {
        const value = input[field] ?? null;
        if (field === "email" || field === "phone") {
          return [
            sql`${sql.identifier(field)} = ${encryptPii(field, value)}`,
            sql`${sql.identifier(`${field}_index`)} = ${blindIndex(field, value)}`,
            ...(field === "phone"
              ? [sql`phone_tail_index = ${blindIndex("phone_tail", value)}`]
              : []),
          ];
        }
        return [sql`${sql.identifier(columns[field])} = ${value}`];
      });
      await tx.execute(
        sql`UPDATE customers SET ${sql.join(assignments, sql`, `)}, updated_at = now() WHERE id = ${current.id}::uuid`,
      );
      await recordChange(tx, {
        customerId: current.id,
        type: "ProfileUpdated",
        actor,
        data: { fields: changed },
        event: {
          type: "CustomerUpdated",
          aggregateType: "customer",
          aggregateId: current.id,
          payload: { customerId: current.id, fields: changed },
        },
      });
    });
  } catch (error) {
    if (isUniqueEmailViolation(error)) {
      throw new AppError("conflict", "That email address is already in use.", {
        errors: [
          { field: "email", message: "This email address is already in use", code: "taken" },
        ],
      });
    }
    throw error;
  }
  return getCustomerProfile({ principal });
}
