import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { PUT as putCustomer } from "@/app/api/customer/route";
import { PUT as putPreferences } from "@/app/api/preferences/route";
import { PUT as putPremise } from "@/app/api/premises/[premiseId]/route";
import { getDb, queryRows } from "@/db/client";
import { searchCustomers } from "@/db/queries/staff";
import { demoAccounts, demoCustomers } from "@/db/seed/demo-data";
import { backfillSearchIndexes, rotatePiiKeys } from "@/lib/domain/pii-rotation";
import {
  blindIndex,
  decryptPii,
  generatePiiKey,
  keyVersionOf,
  resetPiiKeys,
  streetName,
} from "@/lib/pii";
import { demo } from "./support/demo";
import { read, rest } from "./support/rest";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

/** Every encrypted column, read raw: what someone with a copy of the database would see. */
async function rawValues() {
  const [row] = await queryRows<{ values: { column: string; value: string }[] }>(
    getDb(),
    sql`SELECT json_agg(json_build_object('column', v.col, 'value', v.val)) AS values FROM (
          SELECT 'customers.email' AS col, email AS val FROM customers
          UNION ALL SELECT 'customers.phone', phone FROM customers
          UNION ALL SELECT 'premises.street', street FROM premises
          UNION ALL SELECT 'premises.unit', unit FROM premises
          UNION ALL SELECT 'preferences.mailing_street', mailing_street FROM preferences
          UNION ALL SELECT 'preferences.mailing_unit', mailing_unit FROM preferences
          UNION ALL SELECT 'customer_invites.email', email FROM customer_invites
        ) v WHERE v.val IS NOT NULL`,
  );
  return row?.values ?? [];
}

/** The raw tables (and the audit trail) as text, to look for plain text anywhere in them. */
async function rawTables(): Promise<string> {
  const [row] = await queryRows<{ text: string }>(
    getDb(),
    sql`SELECT concat_ws(E'\n',
          (SELECT string_agg(c::text, E'\n') FROM customers c),
          (SELECT string_agg(p::text, E'\n') FROM premises p),
          (SELECT string_agg(pr::text, E'\n') FROM preferences pr),
          (SELECT string_agg(i::text, E'\n') FROM customer_invites i),
          (SELECT string_agg(e.data::text, E'\n') FROM customer_events e)) AS text`,
  );
  return (row?.text ?? "").toLowerCase();
}

function expectNoPlaintext(text: string, plaintexts: string[]) {
  for (const plain of plaintexts) expect(text, plain).not.toContain(plain.toLowerCase());
}

const seededPlaintexts = [
  ...demoCustomers.flatMap((c) => [c.email, c.phone ?? []].flat()),
  ...demoAccounts.flatMap((a) => a.premises.flatMap((p) => [p.street, p.unit ?? []].flat())),
];

async function expectAllEncrypted(version: number) {
  const values = await rawValues();
  expect(values.length).toBeGreaterThan(20);
  for (const { column, value } of values) expect(keyVersionOf(value), column).toBe(version);
}

/** The staff-search blind indexes, read raw. */
async function searchIndexes() {
  return queryRows<{ column: string; value: string | null }>(
    getDb(),
    sql`SELECT 'customers.phone_tail_index' AS column, phone_tail_index AS value FROM customers WHERE phone IS NOT NULL
        UNION ALL SELECT 'premises.street_index', street_index FROM premises`,
  );
}

describe("personal data at rest", () => {
  it("the seed stores no email, phone, street or unit in plain text", async () => {
    expectNoPlaintext(await rawTables(), seededPlaintexts);
    await expectAllEncrypted(1);
  });

  it("what the API writes is encrypted too, and reads back in plain text", async () => {
    const alice = await accessToken("alice");
    const profile = await callRoute(putCustomer, "/api/customer", {
      token: alice,
      method: "PUT",
      body: { email: "Johnny.Private@Example.com", phone: "+1 972 555 0177" },
    });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      email: "Johnny.Private@Example.com",
      phone: "+19725550177",
    });
    const premise = await callRoute(putPremise, "/api/premises/x", {
      token: alice,
      method: "PUT",
      body: { street: "77 Hidden Lane", unit: "Suite Secret" },
      params: { premiseId: demo.premises.mainStreet },
    });
    expect(premise.status).toBe(200);
    expect(premise.body).toMatchObject({ street: "77 Hidden Lane", unit: "Suite Secret" });
    const preferences = await callRoute(putPreferences, "/api/preferences", {
      token: alice,
      method: "PUT",
      body: {
        mailingAddress: {
          sameAsPrimaryPremise: false,
          street: "PO Box 4242 Quietway",
          unit: "Box Annex",
          city: "Anytown",
          state: "TX",
          zip: "75001",
          country: "US",
        },
      },
    });
    expect(preferences.status).toBe(200);
    expect(preferences.body).toMatchObject({
      mailingAddress: { street: "PO Box 4242 Quietway", unit: "Box Annex", zip: "75001" },
    });
    const created = await rest("POST", "customers", {
      body: { name: "Nadia Hidden", email: "nadia.hidden@example.org", phone: "+442079460099" },
      headers: { prefer: "return=representation" },
    });
    expect(created.status).toBe(201);
    expect(created.body[0]).toMatchObject({
      email: "nadia.hidden@example.org",
      phone: "+442079460099",
    });
    expect(created.body[0]).not.toHaveProperty("email_index");
    const changed = await rest("PATCH", `customers?id=eq.${created.body[0].id}`, {
      body: { phone: "+442079460088", email: "nadia.moved@example.org" },
    });
    expect(changed.status).toBe(204);
    // The audit trail keeps the change, readable through the API, encrypted at rest.
    const [audit] = await read(
      `customer_events?customer_id=eq.${created.body[0].id}&type=eq.ProfileUpdated`,
    );
    expect(audit.data.changes).toEqual({
      email: { from: "nadia.hidden@example.org", to: "nadia.moved@example.org" },
      phone: { from: "+442079460099", to: "+442079460088" },
    });
    const invite = await rest("POST", "customer_invites", {
      body: {
        account_id: demo.accounts.johnSmith,
        role: "agent",
        email: "invitee.hidden@example.net",
      },
      headers: { prefer: "return=representation" },
    });
    expect(invite.status).toBe(201);
    expect(invite.body[0]).toMatchObject({ email: "invitee.hidden@example.net" });

    expectNoPlaintext(await rawTables(), [
      ...seededPlaintexts,
      "johnny.private@example.com",
      "+19725550177",
      "77 Hidden Lane",
      "Suite Secret",
      "PO Box 4242 Quietway",
      "Box Annex",
      "nadia.hidden@example.org",
      "+442079460099",
      "nadia.moved@example.org",
      "+442079460088",
      "invitee.hidden@example.net",
    ]);
    await expectAllEncrypted(1);
    // Names and postcodes stay plain: staff search them by substring and prefix.
    expect(await rawTables()).toContain("nadia");
    expect(await rawTables()).toContain("75001");
  });

  it("the staff-search indexes are keyed hashes: no digits, no street names, set on every write", async () => {
    const seededTails = demoCustomers.flatMap((c) => (c.phone ? [c.phone.slice(-7)] : []));
    const seededStreets = demoAccounts.flatMap((a) => a.premises.map((p) => streetName(p.street)));
    expect(seededStreets).toContain("main street");
    const indexes = await searchIndexes();
    expect(indexes.length).toBeGreaterThan(15);
    for (const { column, value } of indexes) {
      expect(value, column).toMatch(/^[A-Za-z0-9_-]{43}$/);
      for (const plain of [...seededTails, ...seededStreets]) {
        expect(value?.toLowerCase(), column).not.toContain(plain);
      }
    }
    // The same street name gives the same index, however it is written, so it can be found.
    const streetIndexOf = async (premiseId: string) =>
      (
        await queryRows<{ street_index: string }>(
          getDb(),
          sql`SELECT street_index FROM premises WHERE id = ${premiseId}::uuid`,
        )
      )[0]?.street_index;
    expect(await streetIndexOf(demo.premises.railtonRoad)).toBe(blindIndex("street", "Railton Rd"));
    expectNoPlaintext(await rawTables(), [...seededTails, ...seededStreets]);
    // The API's write above (alice's premise moved to 77 Hidden Lane) kept it.
    expect(await streetIndexOf(demo.premises.mainStreet)).toBe(blindIndex("street", "hidden lane"));
  });

  it("exact lookups still work: uniqueness, admin filters, staff search", async () => {
    const taken = await rest("POST", "customers", {
      body: { name: "Someone Else", email: "ACCOUNTS@acme.com" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("23505");
    expect(await read("customers?select=name&email=eq.accounts%40ACME.com")).toEqual([
      { name: "Acme Corporation" },
    ]);

    expect(
      await read("customers_by_esco?select=name,email,phone&email=eq.priya.shah%40example.co.uk"),
    ).toEqual([{ name: "Priya Shah", email: "priya.shah@example.co.uk", phone: "+442079460018" }]);
    expect(
      await read("active_customer_tariffs?select=mail:email&email=eq.TOM.EVANS%40example.co.uk"),
    ).toEqual([{ mail: "tom.evans@example.co.uk" }]);

    const byEmail = await searchCustomers("  Priya.Shah@EXAMPLE.co.uk ");
    expect(byEmail.map((h) => [h.name, h.email, h.matchedBy])).toEqual([
      ["Priya Shah", "priya.shah@example.co.uk", ["email"]],
    ]);
    const byPhone = await searchCustomers("+44 20 7946 0027");
    expect(byPhone.map((h) => [h.name, h.matchedBy])).toEqual([["Tom Evans", ["phone"]]]);
    const national = await searchCustomers("020 7946 0027");
    expect(national.map((h) => h.name)).toEqual(["Tom Evans"]);
    // Part of an email finds nobody by email; names still match by substring.
    expect(await searchCustomers("shah@example")).toEqual([]);
    expect((await searchCustomers("riya sh")).map((h) => h.name)).toEqual(["Priya Shah"]);
    // The API's writes above keep the staff-search indexes: alice's new phone and street.
    expect((await searchCustomers("555 0177")).map((h) => h.name)).toEqual(["John Smith"]);
    expect((await searchCustomers("Hidden Lane")).map((h) => h.name)).toEqual(["John Smith"]);
    expect(await searchCustomers("Main Street")).toEqual([]);
    expect((await searchCustomers("946 0088")).map((h) => h.name)).toEqual(["Nadia Hidden"]);
  });
});

describe("npm run pii:rotate", () => {
  const original = { PII_KEYS: process.env.PII_KEYS, PII_INDEX_KEY: process.env.PII_INDEX_KEY };
  afterAll(() => {
    process.env.PII_KEYS = original.PII_KEYS;
    resetPiiKeys();
  });

  async function plaintexts() {
    const rows = await rawValues();
    return rows
      .map(({ column, value }) => {
        const field = column.endsWith("email")
          ? "email"
          : column.endsWith("phone")
            ? "phone"
            : column.endsWith("street")
              ? "street"
              : "unit";
        return `${column}=${decryptPii(field, value)}`;
      })
      .sort();
  }

  it("re-encrypts every value under the new key, in batches, and then the old key can go", async () => {
    const before = await plaintexts();
    // A value stored before encryption existed is encrypted and indexed by the same command.
    await getDb().execute(
      sql`UPDATE customers SET phone = '+442079460045', phone_index = NULL WHERE name = 'Grace Hall'`,
    );

    const newKey = `2:${generatePiiKey()}`;
    process.env.PII_KEYS = `${original.PII_KEYS},${newKey}`;
    resetPiiKeys();
    const counts = await rotatePiiKeys(getDb(), { batchSize: 3 });
    const held = (column: string) => before.filter((v) => v.startsWith(`${column}=`)).length;
    for (const column of ["customers.email", "customers.phone", "premises.street"]) {
      expect(counts[column], column).toBe(held(column));
    }
    expect(counts["customers.email"]).toBeGreaterThanOrEqual(demoCustomers.length);
    // The audit trail's encrypted changes (written by the test above) are rotated too.
    expect(counts["customer_events.data"]).toBeGreaterThanOrEqual(4);
    await expectAllEncrypted(2);
    expect(await plaintexts()).toEqual(before);

    const again = await rotatePiiKeys(getDb(), { batchSize: 3 });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);

    process.env.PII_KEYS = newKey;
    resetPiiKeys();
    expect(await plaintexts()).toEqual(before);
    expect((await searchCustomers("+442079460045")).map((h) => h.name)).toEqual(["Grace Hall"]);

    expect(await read("customers?select=name,email&email=eq.tom.evans%40example.co.uk")).toEqual([
      { name: "Tom Evans", email: "tom.evans@example.co.uk" },
    ]);
    const [nadia] = await read("customers?select=id&first_name=eq.Nadia");
    const [audit] = await read(
      `customer_events?select=data&customer_id=eq.${nadia.id}&type=eq.ProfileUpdated`,
    );
    expect(audit?.data.changes.email).toEqual({
      from: "nadia.hidden@example.org",
      to: "nadia.moved@example.org",
    });
  });

  it("computes the staff-search indexes of rows stored before they existed", async () => {
    await getDb().execute(sql`UPDATE customers SET phone_tail_index = NULL`);
    await getDb().execute(sql`UPDATE premises SET street_index = NULL`);
    expect(await searchCustomers("946 0045")).toEqual([]);
    const counts = await backfillSearchIndexes(getDb(), { batchSize: 4 });
    const [held] = await queryRows<{ phones: number; streets: number }>(
      getDb(),
      sql`SELECT (SELECT count(*)::int FROM customers WHERE phone IS NOT NULL) AS phones,
                 (SELECT count(*)::int FROM premises) AS streets`,
    );
    expect(counts).toEqual({
      "customers.phone_tail_index": held?.phones,
      "premises.street_index": held?.streets,
    });
    expect((await searchCustomers("946 0045")).map((h) => h.name)).toEqual(["Grace Hall"]);
    expect((await searchCustomers("Railton Road")).map((h) => h.name)).toContain("Tom Evans");
    expect(Object.values(await backfillSearchIndexes(getDb())).every((n) => n === 0)).toBe(true);
  });
});
