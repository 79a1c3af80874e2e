import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { PUT as putCustomer } from "@/app/api/customer/route";
import { PUT as putPreferences } from "@/app/api/preferences/route";
import { PUT as putPremise } from "@/app/api/premises/[premiseId]/route";
import { getDb, queryRows } from "@/db/client";
import { accountId } from "@/db/seed/static";
import { assertEventPayload } from "@/lib/domain/events";
import { purgePublished } from "@/lib/outbox/relay";
import { decryptPii, type PiiField } from "@/lib/pii";
import { demo } from "./support/demo";
import { invite } from "./support/invites";
import { rest } from "./support/rest";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

/** Every outbox row as stored, payload as raw JSON text. */
async function rawPayloads() {
  return queryRows<{ id: number; event_type: string; payload: string }>(
    getDb(),
    sql`SELECT id::int AS id, event_type, payload::text AS payload FROM outbox ORDER BY id`,
  );
}

/** The personal values the database holds today: emails, phones, names, streets, in plain text. */
async function personalValues(): Promise<string[]> {
  const rows = await queryRows<{ field: PiiField | null; value: string }>(
    getDb(),
    sql`SELECT DISTINCT field, value FROM (
          SELECT 'email' AS field, email AS value FROM customers
          UNION ALL SELECT 'phone', phone FROM customers
          UNION ALL SELECT NULL, first_name FROM customers UNION ALL SELECT NULL, last_name FROM customers
          UNION ALL SELECT NULL, business_name FROM customers UNION ALL SELECT 'street', street FROM premises
          UNION ALL SELECT 'unit', unit FROM premises UNION ALL SELECT 'email', email FROM customer_invites
          UNION ALL SELECT 'street', mailing_street FROM preferences
        ) v WHERE value IS NOT NULL`,
  );
  // Contact details and addresses are encrypted at rest; what an event must not carry is the
  // plain text.
  return rows
    .map((r) => (r.field ? decryptPii(r.field, r.value) : r.value))
    .filter((value) => value.length > 1)
    .sort();
}

/** Each personal value found in a payload, as a JSON string or, ignoring case, inside one. */
async function leaks(): Promise<string[]> {
  const values = await personalValues();
  expect(values.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const row of await rawPayloads()) {
    const text = row.payload.toLowerCase();
    for (const value of values) {
      const needle = value.toLowerCase();
      const distinctive = value.includes("@") || /\d/.test(value);
      if (text.includes(JSON.stringify(needle)) || (distinctive && text.includes(needle))) {
        found.push(`${row.event_type} #${row.id}: ${value}`);
      }
    }
  }
  return found;
}

async function call(
  user: string,
  handler: Parameters<typeof callRoute>[0],
  body: unknown,
  params = {},
) {
  const result = await callRoute(handler, "/api/x", {
    token: await accessToken(user),
    method: "PUT",
    body,
    params,
  });
  expect(result.status, result.text).toBe(200);
}

describe("outbox payloads", () => {
  it("written by the seed carry no email, phone, name or street", async () => {
    expect((await rawPayloads()).length).toBeGreaterThan(0);
    expect(await leaks()).toEqual([]);
  });

  it("written by common changes carry ids and field names, not the values", async () => {
    await call("alice", putCustomer, {
      firstName: "Johnathan",
      email: "johnathan.smith@example.com",
      phone: "(972) 555-0177",
    });
    await call(
      "alice",
      putPremise,
      { street: "125 Main Street", unit: "Flat 9" },
      {
        premiseId: demo.premises.mainStreet,
      },
    );
    await call("alice", putPreferences, {
      mailingAddress: {
        sameAsPrimaryPremise: false,
        street: "PO Box 4711",
        city: "Anytown",
        state: "TX",
        zip: "75001",
        country: "US",
      },
    });
    await call(
      "bob",
      putAccount,
      { nickname: "Bob's own office" },
      {
        accountId: demo.accounts.headquarters,
      },
    );
    await invite({
      account_id: accountId("5555555555"),
      role: "agent",
      email: "Privacy.Check@example.org",
    });
    const created = await rest("POST", "customers", {
      body: {
        type: "individual",
        first_name: "Quentin",
        last_name: "Quill",
        email: "quentin.quill@example.org",
        phone: "+442079460123",
      },
    });
    expect(created.status, created.text).toBe(201);

    const types = (await rawPayloads()).map((r) => r.event_type);
    for (const type of [
      "CustomerUpdated",
      "PremiseUpdated",
      "PreferencesUpdated",
      "AccountUpdated",
      "InviteCreated",
      "CustomerCreated",
    ]) {
      expect(types).toContain(type);
    }
    expect(await leaks()).toEqual([]);
    const texts = (await rawPayloads()).map((r) => r.payload).join("\n");
    expect(texts).not.toContain("Bob's own office");
    expect(texts).not.toContain("PO Box 4711");
  });

  it("would be caught holding one (the check itself)", async () => {
    const [row] = await queryRows<{ id: number }>(
      getDb(),
      sql`INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload)
          VALUES ('customer', gen_random_uuid(), 'CustomerUpdated',
                  '{"data": {"note": "call +19725550177", "who": "Smith"}}'::jsonb)
          RETURNING id::int AS id`,
    );
    expect(await leaks()).toEqual([
      expect.stringMatching(new RegExp(`^CustomerUpdated #${row?.id}: \\+19725550177$`)),
      expect.stringMatching(/: Smith$/),
    ]);
    await getDb().execute(sql`DELETE FROM outbox WHERE id = ${row?.id}`);
  });

  it("are refused before they are written when they hold a personal field their schema does not declare", () => {
    expect(() =>
      assertEventPayload("CustomerUpdated", { customerId: "x", email: "a@b.c" }),
    ).toThrow(/carry ids, not personal data: remove "email"/);
    expect(() =>
      assertEventPayload("PreferencesUpdated", { mailingAddress: { street: "1 High St" } }),
    ).toThrow(/mailingAddress/);
    expect(() =>
      assertEventPayload("CustomerUpdated", { customerId: "x", fields: ["email"] }),
    ).not.toThrow();
  });
});

describe("outbox retention", () => {
  // The relay's clock, pinned: published times are set relative to it.
  const NOW = new Date("2026-11-15T12:00:00Z");
  const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

  it("deletes only published rows older than the window, in batches", async () => {
    await getDb().execute(sql`DELETE FROM outbox`);
    const rows = await queryRows<{ id: number }>(
      getDb(),
      sql`INSERT INTO outbox (aggregate_type, aggregate_id, event_type, payload, created_at, published_at)
          SELECT 'customer', gen_random_uuid(), 'CustomerUpdated', '{}'::jsonb,
                 coalesce(v.published_at, ${NOW.toISOString()}::timestamptz) - interval '1 minute', v.published_at
          FROM (VALUES
            ('old-1', ${daysBefore(30)}::timestamptz), ('old-2', ${daysBefore(8)}::timestamptz),
            ('old-3', ${daysBefore(7.01)}::timestamptz), ('edge', ${daysBefore(6.99)}::timestamptz),
            ('recent', ${daysBefore(1)}::timestamptz), ('pending', NULL::timestamptz)
          ) AS v(label, published_at)
          RETURNING id::int AS id`,
    );
    expect(rows).toHaveLength(6);
    // An unpublished row stays whatever its age.
    await getDb().execute(
      sql`UPDATE outbox SET created_at = ${daysBefore(90)}::timestamptz WHERE published_at IS NULL`,
    );

    expect(await purgePublished(getDb(), { retentionDays: 7, now: NOW, batchSize: 2 })).toBe(2);
    expect(await purgePublished(getDb(), { retentionDays: 7, now: NOW, batchSize: 2 })).toBe(1);
    expect(await purgePublished(getDb(), { retentionDays: 7, now: NOW, batchSize: 2 })).toBe(0);

    const left = await queryRows<{ published_at: string | null }>(
      getDb(),
      sql`SELECT published_at::text FROM outbox ORDER BY published_at NULLS LAST`,
    );
    expect(
      left.map((r) => (r.published_at ? new Date(r.published_at).toISOString() : null)),
    ).toEqual([daysBefore(6.99), daysBefore(1), null]);
  });

  it("follows the configured window", async () => {
    expect(await purgePublished(getDb(), { retentionDays: 1, now: NOW })).toBe(1);
    expect(await purgePublished(getDb(), { retentionDays: 0, now: NOW })).toBe(1);
    const [pending] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM outbox`,
    );
    expect(pending?.n).toBe(1);
  });
});
