import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { type CustomerStatus, customerStatuses, customerTypes } from "@/db/schema/customers";
import { emailSchema, phoneSchema, toCountryCode } from "@/lib/contact";
import { assertTransition } from "@/lib/domain/customer-status";
import { eraseCustomer } from "@/lib/domain/erasure";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import { AppError } from "@/lib/errors";
import { encryptPii } from "@/lib/pii";
import { DEFAULT, type Value, type Values } from "../body";
import { RestError, ruleViolation } from "../errors";
import type { Row } from "../write-sql";
import type { TableRules, WriteContext } from "./types";

const PROFILE = ["first_name", "last_name", "business_name", "email", "phone"] as const;
const TRANSITION = "customers_status_transition";

const invalidEnum = (type: string, value: string) =>
  new RestError(400, "22P02", `invalid input value for enum ${type}: "${value.slice(0, 32)}"`);

const given = (value: Value | undefined): value is string | null =>
  value !== undefined && value !== DEFAULT;

/** `name` for an individual is "first names… last name"; for a business, its business name. */
function splitName(type: string, name: string | null): Values {
  if (type === "business") return { business_name: name?.trim() || null };
  if (name === null) return { first_name: null, last_name: null };
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) {
    throw ruleViolation(
      400,
      'An individual\'s name needs a first and a last name, e.g. "John Smith".',
      {
        hint: "Or send first_name and last_name.",
      },
    );
  }
  return { first_name: words.slice(0, -1).join(" "), last_name: words.at(-1) as string };
}

function nameParts(type: string, values: Values): Values {
  if (!given(values.name)) return {};
  if (PROFILE.slice(0, 3).some((part) => given(values[part]))) {
    throw ruleViolation(400, "Send either name or first_name/last_name/business_name, not both.");
  }
  return splitName(type, values.name);
}

function checkEmail(value: string | null): string {
  if (value === null)
    throw ruleViolation(400, "A customer needs an email address.", { code: "23502" });
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success)
    throw ruleViolation(400, "Enter a valid email address.", {
      constraint: "customers_email_format",
    });
  return parsed.data;
}

function checkPhone(value: string | null, country: string | null): string | null {
  if (value === null) return null;
  const parsed = phoneSchema(toCountryCode(country)).safeParse(value);
  if (!parsed.success) {
    throw ruleViolation(400, `Enter a valid phone number: "${value.slice(0, 32)}" is not one.`, {
      constraint: "customers_phone_e164",
      hint: "International format always works: +44 20 7946 0018.",
    });
  }
  return parsed.data;
}

function hasName(type: string | null, parts: Record<string, string | null | undefined>): boolean {
  return type === "business"
    ? Boolean(parts.business_name)
    : Boolean(parts.first_name && parts.last_name);
}

async function insert(_ctx: WriteContext, rows: Values[]): Promise<Values[]> {
  return rows.map((row) => {
    const type = given(row.type) && row.type !== null ? row.type : "individual";
    if (!(customerTypes as readonly string[]).includes(type))
      throw invalidEnum("customer_type", type);
    const status = given(row.status) && row.status !== null ? row.status : "onboarding";
    if (status !== "onboarding") {
      throw ruleViolation(409, `New customers start as onboarding, not ${status.slice(0, 32)}.`, {
        constraint: TRANSITION,
        hint: "Create the customer, then PATCH its status: onboarding → prelive → live.",
      });
    }
    const parts = nameParts(type, row);
    const value = (column: string) => {
      const v = column in parts ? parts[column] : row[column];
      return given(v) ? v : null;
    };
    return {
      type,
      first_name: value("first_name"),
      last_name: value("last_name"),
      business_name: value("business_name"),
      email: checkEmail(value("email")),
      // A new customer has no premises yet: national numbers are read as US numbers.
      phone: checkPhone(value("phone"), null),
      status,
    };
  });
}

/** The country of each customer's primary premise, to read national phone numbers in. */
async function countries(ctx: WriteContext, ids: string[]): Promise<Map<string, string | null>> {
  const rows = await queryRows<{ id: string; country: string | null }>(
    ctx.tx,
    sql`SELECT c.id, (SELECT p.country FROM customer_accounts ca
          JOIN premises p ON p.account_id = ca.account_id AND p.is_primary
          WHERE ca.customer_id = c.id
          ORDER BY ca.role = 'occupier' DESC, ca.created_at LIMIT 1) AS country
        FROM customers c WHERE c.id IN (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((r) => [r.id, r.country]));
}

/** `name` means first/last name for individuals and business_name for businesses. */
function namePatch(patch: Values, targets: Row[]): Values {
  if (!given(patch.name)) return {};
  const types = new Set(targets.map((t) => t.type));
  if (types.size > 1) {
    throw ruleViolation(
      400,
      "name means different columns for individuals and businesses: update them separately.",
    );
  }
  return nameParts([...types][0] as string, patch);
}

/** One E.164 number for every target, national numbers read in each customer's country. */
async function phonePatch(
  ctx: WriteContext,
  phone: string,
  targets: Row[],
): Promise<string | null> {
  const ids = targets.map((t) => t.id as string);
  const byCountry = phone.trim().startsWith("+")
    ? new Map(ids.map((id) => [id, null]))
    : await countries(ctx, ids);
  const normalised = new Set([...byCountry.values()].map((country) => checkPhone(phone, country)));
  if (normalised.size > 1) {
    throw ruleViolation(
      400,
      "These customers live in different countries: send the phone number in international format.",
    );
  }
  return [...normalised][0] ?? null;
}

/** The status machine, checked here first for a clear message; the database trigger backs it. */
function checkStatus(to: string | null, targets: Row[]): void {
  if (to === null) throw ruleViolation(400, "A customer always has a status.", { code: "23502" });
  if (!(customerStatuses as readonly string[]).includes(to))
    throw invalidEnum("customer_status", to);
  if (to === "closed") {
    throw ruleViolation(409, "Customers are closed by erasure, not by changing their status.", {
      code: "erasure_required",
      hint: "DELETE /api/rest/customers?id=eq.<id> erases (and closes) an inactive or live customer.",
    });
  }
  for (const target of targets) {
    try {
      assertTransition(target.status as CustomerStatus, to as CustomerStatus);
    } catch (error) {
      if (error instanceof AppError)
        throw ruleViolation(409, error.message, { constraint: TRANSITION });
      throw error;
    }
  }
}

async function update(ctx: WriteContext, patch: Values, targets: Row[]): Promise<Values> {
  if (targets.some((t) => t.status === "closed")) {
    throw ruleViolation(409, "An erased customer cannot be changed.", { code: "erased_customer" });
  }
  const { name: _, ...out } = { ...patch, ...namePatch(patch, targets) };
  if (given(patch.email)) out.email = checkEmail(patch.email);
  if (given(patch.phone) && patch.phone !== null)
    out.phone = await phonePatch(ctx, patch.phone, targets);
  if (given(patch.status)) checkStatus(patch.status, targets);
  for (const target of targets) {
    const status = given(out.status) ? out.status : target.status;
    const merged = Object.fromEntries(
      PROFILE.slice(0, 3).map((k) => [k, given(out[k]) ? out[k] : target[k]]),
    );
    if (status === "live" && !hasName(target.type ?? null, merged)) {
      throw ruleViolation(
        400,
        "A live customer needs a name: first and last name, or a business name.",
        {
          constraint: "customers_live_has_name",
        },
      );
    }
  }
  return out;
}

async function remove(ctx: WriteContext, targets: Row[]): Promise<void> {
  for (const target of targets) {
    try {
      await eraseCustomer(ctx.tx, { customerId: target.id as string, actor: ctx.actor });
    } catch (error) {
      if (error instanceof AppError) throw new RestError(error.status, error.code, error.message);
      throw error;
    }
  }
}

/** A change for the audit trail: email and phone stay encrypted there too. */
function change(column: string, from: string | null | undefined, to: string | null | undefined) {
  if (column !== "email" && column !== "phone") return { from, to };
  return { from: encryptPii(column, from ?? null), to: encryptPii(column, to ?? null) };
}

function events({
  kind,
  before,
  after,
}: Parameters<NonNullable<TableRules["events"]>>[0]): ChangeEntry[] {
  if (kind === "insert") {
    return after.map((row) => ({
      customerId: row.id as string,
      type: "CustomerCreated",
      data: { status: row.status, type: row.type },
      event: {
        type: "CustomerCreated",
        aggregateType: "customer",
        aggregateId: row.id as string,
        payload: { customerId: row.id, type: row.type, status: row.status },
      },
    }));
  }
  return after.flatMap((row, i) => {
    const old = before[i] ?? row;
    const id = row.id as string;
    const entries: ChangeEntry[] = [];
    const changed = PROFILE.filter((k) => old[k] !== row[k]);
    if (changed.length) {
      entries.push({
        customerId: id,
        type: "ProfileUpdated",
        data: {
          changes: Object.fromEntries(changed.map((k) => [k, change(k, old[k], row[k])])),
        },
        event: {
          type: "CustomerUpdated",
          aggregateType: "customer",
          aggregateId: id,
          payload: { customerId: id, fields: changed },
        },
      });
    }
    if (old.status !== row.status) {
      entries.push({
        customerId: id,
        type: "CustomerStatusChanged",
        data: { from: old.status, to: row.status },
        event: {
          type: "CustomerStatusChanged",
          aggregateType: "customer",
          aggregateId: id,
          payload: { customerId: id, from: old.status, to: row.status },
        },
      });
    }
    return entries;
  });
}

export const customerRules: TableRules = { insert, update, remove, events };
