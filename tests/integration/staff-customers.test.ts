import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as getStaffCustomer } from "@/app/api/staff/customers/[customerId]/route";
import { GET as searchRoute } from "@/app/api/staff/customers/route";
import { getDb, queryRows } from "@/db/client";
import { searchCustomers } from "@/db/queries/staff";
import { customerId } from "@/db/seed/static";
import { flushAccessAudit } from "@/lib/domain/access-audit";
import { demo, FOREIGN_UUID } from "./support/demo";
import { rest, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const JOHN = customerId("john-smith");
const ACME = customerId("acme");
const DANA = customerId("dana-price");
const LENA = customerId("lena-okafor");

const names = async (q: string) => (await searchCustomers(q)).map((h) => h.name);

async function search(q: string, token?: string) {
  return callRoute(searchRoute, `/api/staff/customers?q=${encodeURIComponent(q)}`, {
    token: token ?? (await staff.csr()),
  });
}

async function view(id: string, token: string) {
  return callRoute(getStaffCustomer, `/api/staff/customers/${id}`, {
    token,
    params: { customerId: id },
  });
}

describe("staff search", () => {
  it("finds a phone number written in any format, by its whole number or its last seven digits", async () => {
    for (const q of [
      "5550142",
      "555-0142",
      "(972) 555-0142",
      "+1 972 555 0142",
      "972.555.0142",
      "+19725550142",
    ]) {
      const hits = await searchCustomers(q);
      expect(
        hits.map((h) => [h.name, h.matchedBy]),
        q,
      ).toEqual([["John Smith", ["phone"]]]);
    }
    // The whole number is an exact match; seven digits alone match only the number's end.
    expect((await searchCustomers("(972) 555-0142"))[0]?.matches).toEqual([
      { field: "phone", quality: "exact" },
    ]);
    expect((await searchCustomers("5550142"))[0]?.matches).toEqual([
      { field: "phone", quality: "partial" },
    ]);
    // A UK number, nationally written, by its tail too.
    expect(await names("946 0027")).toEqual(["Tom Evans"]);
    // Too few digits to be a phone tail: no one, rather than everyone on the exchange.
    expect(await names("555 01")).toEqual([]);
  });

  it("finds customers by street name, without or with a house number, not by part of it", async () => {
    const hits = await searchCustomers("Main Street");
    expect(hits.map((h) => [h.name, h.matches])).toEqual([
      ["John Smith", [{ field: "street", quality: "exact" }]],
    ]);
    expect(await names("main st")).toEqual(["John Smith"]);
    expect(await names("123 Main Street")).toEqual(["John Smith"]);
    // Retail's premise at 18 Main Plaza: its occupier and its billing contact.
    expect(await names("Main Plaza")).toEqual(["Acme Corporation", "Dana Price"]);
    // Streets are encrypted: a fragment of one finds nothing.
    expect(await names("Main")).toEqual([]);
  });

  it("finds customers by account nickname, and ranks exact over prefix over partial matches", async () => {
    expect((await searchCustomers("warehouse")).map((h) => [h.name, h.matches, h.score])).toEqual([
      ["Acme Corporation", [{ field: "nickname", quality: "prefix" }], 2],
      ["Carol Reyes", [{ field: "nickname", quality: "prefix" }], 2],
    ]);
    const renamed = await Promise.all([
      rest("PATCH", `accounts?id=eq.${demo.accounts.johnSmith}`, {
        body: { nickname: "Warehouse" },
      }),
      rest("PATCH", `accounts?id=eq.${demo.accounts.tomEvans}`, {
        body: { nickname: "Flat over the old warehouse" },
      }),
    ]);
    expect(renamed.map((r) => r.status)).toEqual([204, 204]);
    const hits = await searchCustomers("WAREHOUSE");
    expect(hits.map((h) => [h.name, h.matches[0]?.quality])).toEqual([
      ["John Smith", "exact"],
      ["Acme Corporation", "prefix"],
      ["Carol Reyes", "prefix"],
      ["Lena Okafor", "partial"],
      ["Tom Evans", "partial"],
    ]);
    // A customer matched on more than one field says so, the best first.
    const smith = await searchCustomers("John Smith");
    expect(smith[0]?.matches).toEqual([{ field: "name", quality: "exact" }]);
    await rest("PATCH", `accounts?id=eq.${demo.accounts.johnSmith}`, { body: { nickname: null } });
    await rest("PATCH", `accounts?id=eq.${demo.accounts.tomEvans}`, { body: { nickname: null } });
  });

  it("keeps the indexes current through the admin API's writes", async () => {
    const moved = await rest("PATCH", `premises?id=eq.${demo.premises.railtonRoad}`, {
      body: { street: "9 Acre Lane" },
    });
    expect(moved.status).toBe(204);
    expect(await names("Acre Lane")).toEqual(["Lena Okafor", "Tom Evans"]);
    expect(await names("Railton Road")).toEqual([]);
    const phoned = await rest("PATCH", `customers?id=eq.${DANA}`, {
      body: { phone: "+1 469 555 0999" },
    });
    expect(phoned.status).toBe(204);
    expect(await names("555-0999")).toEqual(["Dana Price"]);
    expect(await names("5550123")).toEqual([]);
    // The indexes are how staff find people, never something the admin API shows.
    const [premise] = (await rest("GET", `premises?id=eq.${demo.premises.railtonRoad}`)).body;
    expect(premise).not.toHaveProperty("street_index");
    expect(premise.street).toBe("9 Acre Lane");
  });

  it("keeps what it always found: names, emails, account and meter numbers, postcodes", async () => {
    expect(await names("acme")).toEqual(["Acme Corporation"]);
    expect(await names("john.smith@example.com")).toEqual(["John Smith"]);
    expect((await searchCustomers("1234567890"))[0]?.matches).toEqual([
      { field: "account", quality: "exact" },
    ]);
    expect(await names("E-1234")).toEqual(["John Smith"]);
    expect(await names("%")).toEqual([]);
  });

  it("answers every staff role through the API, records who was found, and refuses customers", async () => {
    for (const token of [await staff.csr(), await staff.supervisor(), await staff.readonly()]) {
      const res = await search("(972) 555-0142", token);
      expect(res.status).toBe(200);
      expect(res.body.customers.map((c: { customerId: string }) => c.customerId)).toEqual([JOHN]);
    }
    const bad = await search("x");
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const customer = await search("5550142", await accessToken("alice"));
    expect(customer.status).toBe(403);

    await flushAccessAudit();
    const [row] = await queryRows<{ n: number; resources: string[] }>(
      getDb(),
      sql`SELECT count(*)::int AS n, array_agg(DISTINCT resource) AS resources FROM access_audit
          WHERE customer_id = ${JOHN}::uuid AND actor_username = 'jsmith' AND resource LIKE 'GET /api/staff/customers%'`,
    );
    expect(row?.n).toBeGreaterThanOrEqual(1);
    // The term (a phone number here) is never part of what is recorded.
    expect(row?.resources).toEqual(["GET /api/staff/customers"]);
  });
});

describe("staff customer view", () => {
  it("shows balances, bills, payments, usage per meter, preferences and history", async () => {
    const res = await view(JOHN, await staff.csr());
    expect(res.status).toBe(200);
    // One statement for the whole view, however many accounts, bills and meters.
    expect(res.statements).toHaveLength(1);
    const body = res.body;
    expect(body).toMatchObject({
      customerId: JOHN,
      name: "John Smith",
      phone: "+19725550142",
      preferences: { billDelivery: expect.any(String), notifications: expect.any(Object) },
    });
    const [account] = body.accounts;
    expect(account.accountNumber).toBe("1234567890");
    expect(account.bills.length).toBeGreaterThan(0);
    expect(account.bills.length).toBeLessThanOrEqual(6);
    expect(account.bills[0]).toMatchObject({ currency: "USD", billNumber: expect.any(String) });
    // Newest first, as the customer's own bill list.
    const issued = account.bills.map((b: { issueDate: string }) => b.issueDate);
    expect(issued).toEqual([...issued].sort().reverse());
    expect(Array.isArray(account.payments)).toBe(true);
    expect(typeof account.currentBalance).toBe("number");
    const meter = account.premises[0].meters[0];
    expect(meter.meterId).toBe(demo.meters.johnSmith);
    expect(meter.usage).toMatchObject({ unit: "kWh", from: body.usageWindow.from });
    expect(meter.usage.current).toBeGreaterThan(0);
    expect(body.events.length).toBeGreaterThan(0);
    // Not a supervisor: no access audit.
    expect(body.audit).toBeNull();
  });

  it("follows the customer's role on each account: no bills for a landlord, no usage for a billing contact", async () => {
    const csr = await staff.csr();
    const lena = (await view(LENA, csr)).body;
    expect(lena.accounts[0]).toMatchObject({ role: "landlord", bills: null, payments: null });
    expect(lena.accounts[0].premises[0].meters[0].usage).toBeNull();
    const dana = (await view(DANA, csr)).body;
    expect(dana.accounts[0].role).toBe("billing");
    expect(dana.accounts[0].bills.length).toBeGreaterThan(0);
    expect(dana.accounts[0].premises[0].meters[0].usage).toBeNull();
    const acme = (await view(ACME, csr)).body;
    expect(acme.accounts.map((a: { nickname: string | null }) => a.nickname)).toContain(
      "Warehouse District",
    );
  });

  it("shows the access audit to supervisors only, with the reads of other staff", async () => {
    await view(JOHN, await staff.csr());
    await flushAccessAudit();
    const supervisor = await view(JOHN, await staff.supervisor());
    expect(supervisor.status).toBe(200);
    // The audit is the one statement more.
    expect(supervisor.statements).toHaveLength(2);
    expect(supervisor.body.audit.length).toBeGreaterThan(0);
    expect(supervisor.body.audit.length).toBeLessThanOrEqual(10);
    expect(supervisor.body.audit).toContainEqual(
      expect.objectContaining({
        actorUsername: "jsmith",
        resource: `GET /api/staff/customers/${JOHN}`,
      }),
    );
    for (const token of [await staff.readonly(), await staff.admin()]) {
      const res = await view(JOHN, token);
      expect(res.status).toBe(200);
      expect(res.body.audit).toBeNull();
    }
  });

  it("answers 404 for no such customer and problem+json for a bad id; customers are refused", async () => {
    const csr = await staff.csr();
    expect((await view(FOREIGN_UUID, csr)).status).toBe(404);
    const bad = await view("not-an-id", csr);
    expect(bad.status).toBe(404);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect((await view(JOHN, await accessToken("alice"))).status).toBe(403);
  });
});
