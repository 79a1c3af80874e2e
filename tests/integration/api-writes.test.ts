import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { GET as getAccountSummary } from "@/app/api/accounts/[accountId]/summary/route";
import { PUT as putCustomer } from "@/app/api/customer/route";
import { PUT as putNotifications } from "@/app/api/preferences/notifications/route";
import { GET as getPreferences, PUT as putPreferences } from "@/app/api/preferences/route";
import { PUT as putPremise } from "@/app/api/premises/[premiseId]/route";
import { getDb, queryRows } from "@/db/client";
import { blindIndex } from "@/lib/pii";
import { demo } from "./support/demo";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

async function call(
  user: string,
  handler: Parameters<typeof callRoute>[0],
  body?: unknown,
  params = {},
  method = "PUT",
  headers = {},
) {
  return callRoute(handler, "/api/x", {
    token: await accessToken(user),
    method,
    body,
    params,
    headers,
  });
}

async function trail(email: string) {
  return queryRows<{ type: string; actor_type: string; data: Record<string, unknown> }>(
    getDb(),
    sql`SELECT e.type, e.actor_type, e.data FROM customer_events e JOIN customers c ON c.id = e.customer_id
        WHERE c.email_index = ${blindIndex("email", email)} ORDER BY e.id`,
  );
}

async function outboxTypes() {
  const rows = await queryRows<{ event_type: string }>(
    getDb(),
    sql`SELECT event_type FROM outbox ORDER BY id`,
  );
  return rows.map((r) => r.event_type);
}

describe("PUT /api/customer", () => {
  it("updates the name and normalises the phone to E.164, recording the change and its event", async () => {
    const result = await call("alice", putCustomer, {
      firstName: "Johnny",
      phone: "(972) 555-0199",
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      firstName: "Johnny",
      lastName: "Smith",
      phone: "+19725550199",
    });
    const events = await trail("john.smith@example.com");
    expect(events.at(-1)).toMatchObject({
      type: "ProfileUpdated",
      actor_type: "customer",
      data: { fields: ["firstName", "phone"] },
    });
    expect(await outboxTypes()).toContain("CustomerUpdated");
  });

  it("refuses unknown fields, fields of the other customer type, bad emails and phones with 422 per field", async () => {
    const result = await call("alice", putCustomer, {
      firstName: "",
      businessName: "Smith Ltd",
      email: "not-an-email",
      phone: "12",
      status: "closed",
    });
    expect(result.status).toBe(422);
    expect(result.body.code).toBe("validation_failed");
    const fields = result.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(["businessName", "email", "firstName", "phone", "status"]);
  });

  it("refuses a name longer than the limit", async () => {
    const result = await call("bob", putCustomer, { businessName: "A".repeat(201) });
    expect(result.status).toBe(422);
    expect(result.body.errors).toEqual([expect.objectContaining({ field: "businessName" })]);
  });

  it("answers 409 when the email belongs to another customer, whatever its case, and changes nothing", async () => {
    const before = (await trail("accounts@acme.com")).length;
    const result = await call("bob", putCustomer, {
      email: "JOHN.SMITH@example.com",
      businessName: "Acme Holdings",
    });
    expect(result.status).toBe(409);
    expect(result.body.errors).toEqual([
      expect.objectContaining({ field: "email", code: "taken" }),
    ]);
    const [acme] = await queryRows<{ business_name: string }>(
      getDb(),
      sql`SELECT business_name FROM customers WHERE email_index = ${blindIndex("email", "accounts@acme.com")}`,
    );
    expect(acme?.business_name).toBe("Acme Corporation");
    expect((await trail("accounts@acme.com")).length).toBe(before);
  });

  it("answers 415 to a body that is not JSON and 400 to malformed JSON", async () => {
    const form = await call("alice", putCustomer, "firstName=x", {}, "PUT", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(415);
    const broken = await call("alice", putCustomer, '{"firstName":', {}, "PUT");
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe("bad_request");
  });
});

describe("renaming an account", () => {
  it("keeps the new nickname, records AccountRenamed and queues AccountUpdated", async () => {
    const result = await call(
      "bob",
      putAccount,
      { nickname: "  Main Office " },
      { accountId: demo.accounts.headquarters },
    );
    expect(result.status).toBe(200);
    expect(result.body.nickname).toBe("Main Office");
    const events = await trail("accounts@acme.com");
    expect(events.at(-1)).toMatchObject({
      type: "AccountRenamed",
      data: { from: "Headquarters", to: "Main Office" },
    });
    expect(await outboxTypes()).toContain("AccountUpdated");
  });

  it("clears the nickname with null, and refuses an empty or too long one", async () => {
    expect(
      (await call("alice", putAccount, { nickname: null }, { accountId: demo.accounts.johnSmith }))
        .status,
    ).toBe(200);
    for (const nickname of ["   ", "x".repeat(61), 42]) {
      const result = await call(
        "alice",
        putAccount,
        { nickname },
        { accountId: demo.accounts.johnSmith },
      );
      expect(result.status).toBe(422);
      expect(result.body.errors[0].field).toBe("nickname");
    }
    expect(
      (await call("alice", putAccount, {}, { accountId: demo.accounts.johnSmith })).status,
    ).toBe(422);
  });
});

describe("premise address corrections", () => {
  it("update the fields sent and refuse unknown ones", async () => {
    const ok = await call(
      "alice",
      putPremise,
      { unit: "Apt 2" },
      { premiseId: demo.premises.mainStreet },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ street: "123 Main Street", unit: "Apt 2" });
    const bad = await call(
      "alice",
      putPremise,
      { isPrimary: true, country: "GB" },
      { premiseId: demo.premises.mainStreet },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "country",
      "isPrimary",
    ]);
  });
});

describe("preferences", () => {
  it("keep every kind of change", async () => {
    const body = {
      billDelivery: "paper",
      notifications: { highUsageAlerts: true, outageAlerts: false },
      autoPay: { enabled: true, paymentMethodId: "pm_card_4242" },
      mailingAddress: {
        sameAsPrimaryPremise: false,
        street: "PO Box 12",
        city: "Anytown",
        state: "TX",
        zip: "75001",
        country: "US",
      },
    };
    expect((await call("alice", putPreferences, body)).status).toBe(200);
    const saved = await callRoute(getPreferences, "/api/preferences", {
      token: await accessToken("alice"),
    });
    expect(saved.body).toEqual({
      billDelivery: "paper",
      notifications: {
        billReady: true,
        paymentDue: true,
        outageAlerts: false,
        highUsageAlerts: true,
      },
      autoPay: { enabled: true, paymentMethodId: "pm_card_4242" },
      mailingAddress: {
        sameAsPrimaryPremise: false,
        street: "PO Box 12",
        unit: null,
        city: "Anytown",
        state: "TX",
        zip: "75001",
        country: "US",
      },
    });
    expect(await outboxTypes()).toContain("PreferencesUpdated");
  });

  it("drop the separate address when it goes back to the primary premise", async () => {
    await call("priya", putPreferences, {
      mailingAddress: {
        sameAsPrimaryPremise: false,
        street: "1 High St",
        city: "London",
        zip: "SW9 8PR",
      },
    });
    const back = await call("priya", putPreferences, {
      mailingAddress: { sameAsPrimaryPremise: true },
    });
    expect(back.body.mailingAddress).toEqual({
      sameAsPrimaryPremise: true,
      street: null,
      unit: null,
      city: null,
      state: null,
      zip: null,
      country: null,
    });
  });

  it("refuse incomplete addresses, unknown options and fields, with errors per field", async () => {
    const result = await call("alice", putPreferences, {
      billDelivery: "pigeon",
      notifications: { billReady: "yes", smsAlerts: true },
      mailingAddress: { sameAsPrimaryPremise: false, street: "PO Box 12" },
    });
    expect(result.status).toBe(422);
    expect(result.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "billDelivery",
      "mailingAddress.city",
      "mailingAddress.zip",
      "notifications.billReady",
      "notifications.smsAlerts",
    ]);
  });

  it("can change notifications alone", async () => {
    const result = await call("bob", putNotifications, { billReady: false });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      billReady: false,
      paymentDue: true,
      outageAlerts: true,
      highUsageAlerts: true,
    });
    expect((await call("bob", putNotifications, { billDelivery: "paper" })).status).toBe(422);
  });
});

describe("query parameters", () => {
  it("are validated, with a 422 naming the parameter", async () => {
    const token = await accessToken("alice");
    const params = { accountId: demo.accounts.johnSmith };
    for (const [query, field] of [
      ["?from=2026-13-01&to=2026-14-01", "from"],
      ["?from=2026-10-01", "to"],
      ["?from=2026-10-01&to=2026-10-01T00:00:00Z", "to"],
      ["?from=2026-11-01&to=2026-10-01", "to"],
      ["?from=2024-01-01&to=2026-01-01", "to"],
      ["?colour=blue", "colour"],
    ] as const) {
      const result = await callRoute(getAccountSummary, `/api/accounts/x/summary${query}`, {
        token,
        params,
      });
      expect(result.status, query).toBe(422);
      expect(
        result.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
    for (const query of [
      "?limit=0",
      "?limit=101",
      "?limit=ten",
      "?cursor=garbage",
      "?cursor=WyJ4IiwieSJd",
    ]) {
      const result = await callRoute(getBills, `/api/accounts/x/bills${query}`, { token, params });
      expect(result.status, query).toBe(422);
    }
  });

  it("page bills with a cursor, without gaps or repeats", async () => {
    const token = await accessToken("bob");
    const params = { accountId: demo.accounts.warehouse };
    const all = await callRoute(getBills, "/api/accounts/x/bills?limit=100", { token, params });
    const seen: string[] = [];
    let next: string | null = "/api/accounts/x/bills?limit=5";
    while (next) {
      const page: { body: { bills: { billId: string }[]; next: string | null } } = await callRoute(
        getBills,
        next,
        { token, params },
      );
      seen.push(...page.body.bills.map((b) => b.billId));
      next = page.body.next;
    }
    expect(seen).toEqual(all.body.bills.map((b: { billId: string }) => b.billId));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
