import { describe, expect, it } from "vitest";
import { customerId } from "@/db/seed/static";
import { read, rest } from "./support/rest";

function expectError(
  result: { status: number; headers: Headers; body: any },
  status: number,
  code: string,
  message?: string | RegExp,
) {
  expect(result.status).toBe(status);
  expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  expect(Object.keys(result.body).sort()).toEqual(["code", "details", "hint", "message"]);
  expect(result.body.code).toBe(code);
  if (message) expect(result.body.message).toMatch(message);
  expect(result.headers.get("x-request-id")).toBeTruthy();
}

describe("PostgREST-style errors", () => {
  it("answers 404 PGRST205 for a table that is not exposed, with a hint when one is close", async () => {
    const result = await rest("GET", "customer");
    expectError(
      result,
      404,
      "PGRST205",
      "Could not find the table 'public.customer' in the schema cache",
    );
    expect(result.body.hint).toBe("Perhaps you meant the table 'public.customers'");
    for (const table of ["outbox", "preferences", "access_audit", "bills", "pg_user"]) {
      expectError(await rest("GET", table), 404, "PGRST205");
    }
  });

  it("answers 400 42703 for an unknown column anywhere in a read", async () => {
    const message = "column customers.nope does not exist";
    expectError(await rest("GET", "customers?select=id,nope"), 400, "42703", message);
    expectError(await rest("GET", "customers?nope=eq.1"), 400, "42703", message);
    expectError(await rest("GET", "customers?order=nope.desc"), 400, "42703", message);
    expectError(await rest("GET", "customers?or=(nope.eq.1,id.is.null)"), 400, "42703", message);
    expectError(
      await rest("GET", "customers?select=customer_accounts(nope)"),
      400,
      "42703",
      "column customer_accounts.nope does not exist",
    );
  });

  it("answers 400 for unknown or read-only columns in a body", async () => {
    const unknown = await rest("POST", "customers", { body: { email: "x@example.com", nope: 1 } });
    expectError(unknown, 400, "PGRST204", "Could not find the 'nope' column of 'customers'");
    const managed = await rest("POST", "customers", {
      body: { email: "x@example.com", created_at: "2020-01-01" },
    });
    expectError(managed, 400, "428C9", /created_at/);
    const columns = await rest("POST", "customers?columns=email,nope", {
      body: { email: "x@example.com" },
    });
    expectError(columns, 400, "PGRST204");
  });

  it("answers 400 PGRST200 for an unknown relationship", async () => {
    const result = await rest("GET", "customers?select=*,bills(*)");
    expectError(
      result,
      400,
      "PGRST200",
      "Could not find a relationship between 'customers' and 'bills' in the schema cache",
    );
    expectError(await rest("GET", "customers?select=*,accounts!nope(*)"), 400, "PGRST200");
  });

  it("answers 400 PGRST100 for what does not parse", async () => {
    for (const path of [
      "customers?select=id,",
      "customers?status=live",
      "customers?status=equals.live",
      "customers?or=(status.eq.live",
      "customers?order=name.sideways",
      "customers?limit=-1",
      "customers?select=...customer_accounts(*)",
    ]) {
      expectError(await rest("GET", path), 400, "PGRST100", /failed to parse|not supported/);
    }
  });

  it("answers 400 PGRST108 for filters on a resource that is not embedded", async () => {
    const result = await rest("GET", "customers?select=id&customer_accounts.role=eq.occupier");
    expectError(
      result,
      400,
      "PGRST108",
      "'customer_accounts' is not an embedded resource in this request",
    );
  });

  it("answers 400 with Postgres's code for values of the wrong type", async () => {
    expectError(await rest("GET", "customers?id=eq.not-a-uuid"), 400, "22P02", /uuid/);
    expectError(await rest("GET", "customers?status=eq.sleeping"), 400, "22P02", /customer_status/);
    expectError(await rest("GET", "customers?created_at=gt.yesterday-ish"), 400, "22007");
    expectError(
      await rest("GET", "customer_tariffs?discount_rate_basis_points=gt.99999999999"),
      400,
      "22003",
    );
    expectError(await rest("GET", "customers?phone=is.true"), 400, "42804");
  });

  it("answers 405 for tables that cannot be written, naming what can be done", async () => {
    const events = await rest("POST", "customer_events", {
      body: { customer_id: customerId("john-smith"), type: "Forged" },
    });
    expectError(events, 405, "PGRST117", "Unsupported HTTP method: POST");
    expect(events.headers.get("allow")).toBe("GET, HEAD");
    const invite = await rest("DELETE", `customer_invites?email=eq.x@example.com`);
    expectError(invite, 405, "PGRST117");
    expect(invite.body.details).toMatch(/revoked \(PATCH revoked_at\), never deleted/);
    expect(invite.headers.get("allow")).toBe("GET, HEAD, POST, PATCH");
    const view = await rest("PATCH", "active_customer_tariffs?id=eq.x", { body: { email: "x" } });
    expectError(view, 405, "PGRST117");
    const account = await rest("DELETE", "accounts?account_number=eq.1234567890");
    expectError(account, 405, "PGRST117");
    expect(account.headers.get("allow")).toBe("GET, HEAD, POST, PATCH");
    expect(await read("accounts?account_number=eq.1234567890")).toHaveLength(1);
  });

  it("refuses PATCH and DELETE without filters, changing nothing", async () => {
    const patch = await rest("PATCH", "customers", { body: { phone: null } });
    expectError(patch, 400, "21000", "UPDATE requires a WHERE clause");
    const limited = await rest("DELETE", "customer_accounts?limit=1");
    expectError(limited, 400, "21000", "DELETE requires a WHERE clause");
    expect(await read("customers?phone=is.null")).toHaveLength(1);
    expect(await read("customer_accounts")).toHaveLength(11);
  });

  it("refuses bodies that are not JSON objects", async () => {
    expectError(await rest("POST", "customers", { body: "{nope" }), 400, "PGRST102");
    expectError(await rest("POST", "customers", { body: "" }), 400, "PGRST102");
    expectError(
      await rest("POST", "customers", { body: [{ email: "a@b.co" }, { phone: null }] }),
      400,
      "PGRST102",
      "All object keys must match",
    );
    expectError(await rest("PATCH", "customers?id=eq.x", { body: [{}] }), 400, "PGRST102");
    expectError(
      await rest("POST", "customers", { body: { email: { nested: true } } }),
      400,
      "22P02",
    );
    const form = await rest("POST", "customers", {
      body: "email=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expectError(form, 415, "PGRST107");
  });

  it("serves only the public schema", async () => {
    const result = await rest("GET", "customers", { headers: { "accept-profile": "auth" } });
    expectError(result, 406, "PGRST106");
  });

  it("refuses upserts instead of silently inserting", async () => {
    expectError(await rest("POST", "customers?on_conflict=email", { body: {} }), 400, "PGRST100");
    const merge = await rest("POST", "customers", {
      body: { email: "a@b.co" },
      headers: { prefer: "resolution=merge-duplicates" },
    });
    expectError(merge, 400, "PGRST100", /not supported/);
  });

  it("never shows SQL in an error", async () => {
    for (const path of [
      "customers?id=eq.not-a-uuid",
      "customers?phone=is.true",
      "customers?select=id::regclass",
      "customer_tariffs?discount_rate_basis_points=gt.99999999999",
    ]) {
      const result = await rest("GET", path);
      expect(result.status).toBe(400);
      expect(result.text).not.toMatch(/\bselect\b.*\bfrom\b|json_build_object|\$\d/i);
    }
  });
});
