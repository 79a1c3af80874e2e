import { type SQL, sql } from "drizzle-orm";
import { accountRoles } from "@/db/schema/accounts";
import { createInvite, inviteRevokedEntry } from "@/lib/domain/invites";
import { AppError } from "@/lib/errors";
import { isId } from "@/lib/validation";
import type { Value, Values } from "../body";
import { RestError, ruleViolation } from "../errors";
import { primaryKeyIn, type Row } from "../write-sql";
import type { TableRules, WriteContext, WrittenRows } from "./types";

/**
 * Invites through the admin API. A POST takes `{account_id, role, email}`; the domain makes the
 * token, stores only its hash (never readable here), and queues the email with the link. A PATCH
 * of `revoked_at` revokes: the server stamps its own time, and a second revocation keeps the first.
 */

const given = (value: Value | undefined): value is string => typeof value === "string";

function required(row: Values, column: string): string {
  const value = row[column];
  if (!given(value)) {
    throw ruleViolation(400, `An invite needs ${column}.`, { code: "23502" });
  }
  return value;
}

/** The answers PostgREST would give for the same values, before the domain sees them. */
function checked(row: Values) {
  const accountId = required(row, "account_id");
  const role = required(row, "role");
  const email = required(row, "email");
  if (!isId(accountId)) {
    throw new RestError(
      400,
      "22P02",
      `invalid input syntax for type uuid: "${String(accountId).slice(0, 40)}"`,
    );
  }
  if (!(accountRoles as readonly string[]).includes(role)) {
    throw new RestError(
      400,
      "22P02",
      `invalid input value for enum account_role: "${role.slice(0, 32)}"`,
    );
  }
  return { accountId, role: role as (typeof accountRoles)[number], email };
}

/** The domain's refusals in the admin API's shape, keeping their specific codes. */
function restError(error: AppError, accountId: string): RestError {
  const detail = error.errors?.[0];
  if (detail?.code === "unknown_account") {
    return new RestError(422, "unknown_account", `No account has id ${accountId}.`, {
      hint: "Check the id, or create the account first.",
    });
  }
  if (error.code === "validation_failed") {
    return ruleViolation(400, detail?.message ?? error.message, {
      constraint: "customer_invites_email_format",
    });
  }
  return new RestError(error.status, detail?.code ?? error.code, error.message);
}

async function create(ctx: WriteContext, rows: Values[]): Promise<Row[]> {
  const inputs = rows.map(checked);
  const created: Row[] = [];
  for (const input of inputs) {
    try {
      const { invite } = await createInvite(ctx.tx, {
        ...input,
        actor: ctx.actor,
        portalUrl: ctx.portalUrl,
      });
      created.push({ id: invite.id });
    } catch (error) {
      throw error instanceof AppError ? restError(error, input.accountId) : error;
    }
  }
  return created;
}

async function update(ctx: WriteContext, patch: Values, targets: Row[]): Promise<SQL> {
  const value = patch.revoked_at;
  if (value === null) {
    throw ruleViolation(409, "A revoked invite stays revoked: send a new invite instead.", {
      code: "invite_revoked",
    });
  }
  if (!given(value) || Number.isNaN(Date.parse(value))) {
    throw new RestError(
      400,
      "22007",
      `invalid input syntax for type timestamp with time zone: "${String(value).slice(0, 40)}"`,
    );
  }
  if (targets.some((t) => t.accepted_at !== null)) {
    throw ruleViolation(409, "An accepted invite cannot be revoked.", { code: "invite_accepted" });
  }
  return sql`UPDATE customer_invites AS t SET revoked_at = coalesce(t.revoked_at, now())
    WHERE ${primaryKeyIn(ctx.spec, "t", targets)} RETURNING t.*`;
}

function events({ kind, before, after }: WrittenRows) {
  if (kind !== "update") return [];
  return after.flatMap((row, i) =>
    row.revoked_at !== null && before[i]?.revoked_at === null
      ? [inviteRevokedEntry({ id: row.id as string, account_id: row.account_id as string })]
      : [],
  );
}

export const customerInviteRules: TableRules = { create, update, events };
