import { describe, expect, it } from "vitest";
import { findPgError } from "@/lib/pg-error";
import { restErrorFromDatabase, statusForSqlState } from "./database-errors";

describe("database errors", () => {
  it("map SQLSTATEs to statuses as PostgREST does", () => {
    expect(
      Object.fromEntries(
        [
          "23505",
          "23503",
          "23514",
          "23502",
          "22P02",
          "42703",
          "42501",
          "42P01",
          "08006",
          "40001",
          "P0001",
        ].map((code) => [code, statusForSqlState(code)]),
      ),
    ).toEqual({
      "23505": 409,
      "23503": 409,
      "23514": 400,
      "23502": 400,
      "22P02": 400,
      "42703": 400,
      "42501": 403,
      "42P01": 404,
      "08006": 503,
      "40001": 500,
      P0001: 400,
    });
  });

  it("answer the domain's constraints with 409 and clear words", () => {
    const transition = restErrorFromDatabase({
      code: "23514",
      message: "customer status cannot change from live to onboarding",
      constraint: "customers_status_transition",
    });
    expect(transition.status).toBe(409);
    expect(transition.toJSON()).toEqual({
      code: "23514",
      message:
        "That status change is not allowed: onboarding → prelive → live ⇄ inactive → closed.",
      details: "Violates customers_status_transition.",
      hint: null,
    });
    for (const constraint of [
      "customer_accounts_keeps_occupier",
      "customer_accounts_customer_id_account_id_pk",
      "customers_email_index_key",
      "customer_tariffs_customer_fuel_period_key",
    ]) {
      expect(restErrorFromDatabase({ code: "23505", message: "", constraint }).status).toBe(409);
    }
    expect(
      restErrorFromDatabase({ code: "23514", message: "x", constraint: "meters_unit_matches_type" })
        .status,
    ).toBe(400);
  });

  it("read the driver's error behind a wrapper whose message holds the SQL", () => {
    const driver = Object.assign(new Error("duplicate key value"), {
      code: "23505",
      constraint_name: "customers_email_index_key",
    });
    const wrapped = Object.assign(
      new Error('Failed query: insert into "customers" ... params: x'),
      {
        cause: driver,
      },
    );
    expect(findPgError(wrapped)).toEqual({
      code: "23505",
      message: "duplicate key value",
      constraint: "customers_email_index_key",
    });
    expect(findPgError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBeNull();
    const embedded = Object.assign(new Error("check"), {
      code: "23514",
      constraint: "customers_phone_e164",
    });
    expect(findPgError(embedded)?.constraint).toBe("customers_phone_e164");
  });

  it("never repeat a server fault's own words", () => {
    const error = restErrorFromDatabase({
      code: "XX000",
      message: "internal detail of the server",
    });
    expect(error.status).toBe(500);
    expect(error.message).not.toContain("internal detail");
  });
});
