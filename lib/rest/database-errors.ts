import type { PgError } from "@/lib/pg-error";
import { RestError } from "./errors";

/** PostgREST's SQLSTATE → HTTP status table. */
export function statusForSqlState(code: string): number {
  if (code === "23503" || code === "23505") return 409;
  if (code === "25006") return 405;
  if (code === "42883" || code === "42P01") return 404;
  if (code === "42501") return 403;
  if (code === "P0001") return 400;
  if (/^(08|53)/.test(code)) return 503;
  if (/^(0L|0P|28)/.test(code)) return 403;
  if (/^(09|25|2D|38|39|3B|40|54|55|57|58|F0|HV|P0|XX)/.test(code)) return 500;
  return 400;
}

/** Clearer words, and for the domain rules a 409, for the constraints an admin can run into. */
const constraintAnswers: Record<string, { status: number; message: string }> = {
  customers_email_index_key: {
    status: 409,
    message:
      "Another customer already uses this email address (emails are compared case-insensitively).",
  },
  customers_status_transition: {
    status: 409,
    message: "That status change is not allowed: onboarding → prelive → live ⇄ inactive → closed.",
  },
  customers_live_has_name: {
    status: 400,
    message: "A live customer needs a name: first and last name, or a business name.",
  },
  customers_email_required: { status: 400, message: "A customer needs an email address." },
  customers_email_format: { status: 400, message: "Enter a valid email address." },
  customers_phone_e164: {
    status: 400,
    message: "Phone numbers are stored in E.164 (+15551234567).",
  },
  customer_accounts_keeps_occupier: {
    status: 409,
    message: "Every account must keep at least one occupier.",
  },
  customer_accounts_customer_id_account_id_pk: {
    status: 409,
    message:
      "This customer is already linked to this account. A customer has one role per account, so a landlord cannot also be its occupier.",
  },
  customer_tariffs_customer_fuel_period_key: {
    status: 409,
    message: "This customer already has a tariff for this fuel starting on that date.",
  },
  customer_tariffs_benchmark_fuel_fk: {
    status: 409,
    message: "The tariff's fuel must be its benchmark's fuel.",
  },
  premises_exactly_one_primary: {
    status: 409,
    message: "An account with premises must have exactly one primary premise.",
  },
  premises_one_primary_per_account: {
    status: 409,
    message: "An account with premises must have exactly one primary premise.",
  },
  microgrid_tariffs_esco_fuel_period_key: {
    status: 409,
    message: "This ESCO already has a tariff for this fuel starting on that date.",
  },
  microgrid_tariffs_benchmark_fuel_fk: {
    status: 409,
    message: "The tariff's fuel must be its benchmark's fuel.",
  },
  benchmark_tariffs_code_period_key: {
    status: 409,
    message: "This benchmark already has rates starting on that date.",
  },
};

/**
 * A database error as a PostgREST-style answer: the SQLSTATE as code and Postgres's own message
 * (which never contains the statement), or our words for the constraints listed above.
 */
export function restErrorFromDatabase(error: PgError): RestError {
  const answer = error.constraint ? constraintAnswers[error.constraint] : undefined;
  const status = answer?.status ?? statusForSqlState(error.code);
  const message =
    answer?.message ??
    (status >= 500 ? "The database could not complete the request." : error.message);
  return new RestError(status, error.code, message, {
    details: error.constraint ? `Violates ${error.constraint}.` : null,
  });
}
