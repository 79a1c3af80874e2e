import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { findPgError } from "@/lib/pg-error";
import { restErrorFromDatabase } from "@/lib/rest/database-errors";
import { auditOf, outboxFor, read, rest } from "./support/rest";

const ADMIN = "0636f585-8b43-4107-925c-00a4002d12d4";
const representation = { prefer: "return=representation" };
const MARCUS = customerId("marcus-webb");
const JOHN = customerId("john-smith");

async function create(body: unknown, headers: Record<string, string> = representation) {
  return rest("POST", "customers", { body, headers });
}

describe("POST /api/rest/customers", () => {
  it("creates the documented example: name split, phone in E.164, onboarding", async () => {
    const result = await create({
      email: "customer@example.com",
      name: "John Doe",
      phone: "+44 20 1234 5678",
      status: "onboarding",
    });
    expect(result.status).toBe(201);
    const [created] = result.body;
    expect(created).toMatchObject({
      type: "individual",
      first_name: "John",
      last_name: "Doe",
      business_name: null,
      name: "John Doe",
      email: "customer@example.com",
      phone: "+442012345678",
      status: "onboarding",
    });
    expect(await auditOf(created.id)).toMatchObject([
      {
        type: "CustomerCreated",
        actor_type: "admin",
        actor_id: ADMIN,
        data: { status: "onboarding" },
      },
    ]);
    expect(await outboxFor(created.id)).toMatchObject([
      {
        event_type: "CustomerCreated",
        payload: { actor: { type: "admin" }, data: { status: "onboarding" } },
      },
    ]);
  });

  it("reads a business's name as its business name, and several customers at once", async () => {
    const result = await create([
      { email: "ops@northwind.example", name: "Northwind Traders Ltd", type: "business" },
      { email: "mary.anne.lee@example.com", name: "Mary Anne Lee", type: "individual" },
    ]);
    expect(result.status).toBe(201);
    expect(result.body.map((c: any) => [c.business_name, c.first_name, c.last_name])).toEqual([
      ["Northwind Traders Ltd", null, null],
      [null, "Mary Anne", "Lee"],
    ]);
  });

  it("takes columns= with missing keys as defaults, and answers as asked", async () => {
    const minimal = await rest("POST", "customers?columns=email,first_name,last_name,status", {
      body: [{ email: "a.one@example.com", first_name: "Ann", last_name: "One" }],
      headers: { prefer: "missing=default" },
    });
    expect(minimal.status).toBe(201);
    expect(minimal.text).toBe("");
    const headersOnly = await rest("POST", "customers", {
      body: { email: "b.two@example.com" },
      headers: { prefer: "return=headers-only" },
    });
    expect(headersOnly.status).toBe(201);
    const location = headersOnly.headers.get("location") as string;
    expect(location).toMatch(/^\/customers\?id=eq\.[0-9a-f-]{36}$/);
    const [found] = await read(`${location.slice(1)}&select=email,status,type`);
    expect(found).toEqual({ email: "b.two@example.com", status: "onboarding", type: "individual" });
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, 400, "23514", /valid email/],
    [
      "an email in use, in another case",
      { email: "JOHN.SMITH@example.com" },
      409,
      "23505",
      /already uses this email/,
    ],
    ["no email", { name: "No Mail" }, 400, "23502", /needs an email/],
    [
      "an impossible phone",
      { email: "p@example.com", phone: "(555) 123-4567" },
      400,
      "23514",
      /valid phone/,
    ],
    [
      "starting live",
      { email: "l@example.com", name: "Liv Early", status: "live" },
      409,
      "23514",
      /start as onboarding/,
    ],
    [
      "a one-word individual name",
      { email: "m@example.com", name: "Madonna" },
      400,
      "23514",
      /first and a last name/,
    ],
    [
      "name and its parts",
      { email: "n@example.com", name: "A B", first_name: "A" },
      400,
      "23514",
      /either name/,
    ],
    ["an unknown type", { email: "t@example.com", type: "robot" }, 400, "22P02", /customer_type/],
    [
      "a computed column",
      { email: "c@example.com", created_at: "2020-01-01" },
      400,
      "428C9",
      /created_at/,
    ],
  ])("refuses %s", async (_, body, status, code, message) => {
    const result = await create(body);
    expect(result.status).toBe(status);
    expect(result.body.code).toBe(code);
    expect(result.body.message).toMatch(message);
    expect(
      // eq on an email is exact and case-insensitive (through its blind index).
      await read(`customers?email=eq.${encodeURIComponent((body as any).email ?? "-")}`),
    ).toHaveLength(code === "23505" ? 1 : 0);
  });

  it("creates nothing when one row of a bulk insert is refused", async () => {
    const result = await create([
      { email: "first.ok@example.com", name: "First Ok" },
      { email: "second.bad@", name: "Second Bad" },
    ]);
    expect(result.status).toBe(400);
    expect(await read("customers?email=eq.first.ok@example.com")).toEqual([]);
  });
});

describe("PATCH /api/rest/customers: status", () => {
  it("moves a customer along onboarding → prelive → live, recording each change", async () => {
    for (const status of ["prelive", "live"]) {
      const result = await rest("PATCH", `customers?id=eq.${MARCUS}`, {
        body: { status },
        headers: representation,
      });
      expect(result.status).toBe(200);
      expect(result.body[0].status).toBe(status);
    }
    expect(
      (await auditOf(MARCUS, "CustomerStatusChanged")).map((e) => [
        e.data.from,
        e.data.to,
        e.actor_type,
      ]),
    ).toEqual([
      ["onboarding", "prelive", "admin"],
      ["prelive", "live", "admin"],
    ]);
    const events = (await outboxFor(MARCUS)).filter(
      (e) => e.event_type === "CustomerStatusChanged",
    );
    expect(events.map((e) => e.payload.data)).toEqual([
      { customerId: MARCUS, from: "onboarding", to: "prelive" },
      { customerId: MARCUS, from: "prelive", to: "live" },
    ]);
    const back = await rest("PATCH", `customers?id=eq.${MARCUS}`, { body: { status: "inactive" } });
    expect(back.status).toBe(204);
    const again = await rest("PATCH", `customers?id=eq.${MARCUS}`, { body: { status: "live" } });
    expect(again.status).toBe(204);
  });

  it("refuses a skipped or backward step with 409 and the allowed next steps", async () => {
    const customer = (await create({ email: "step@example.com", name: "Step Over" })).body[0];
    const skip = await rest("PATCH", `customers?id=eq.${customer.id}`, {
      body: { status: "live" },
    });
    expect(skip.status).toBe(409);
    expect(skip.body).toEqual({
      code: "23514",
      message: "An onboarding customer can only become prelive, not live.",
      details: "Violates customers_status_transition.",
      hint: null,
    });
    const backward = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      body: { status: "onboarding" },
    });
    expect(backward.status).toBe(409);
    expect(await read(`customers?id=eq.${JOHN}&select=status`)).toEqual([{ status: "live" }]);
    expect(await auditOf(customer.id, "CustomerStatusChanged")).toEqual([]);
  });

  it("answers the database's own transition rule with the same 409", async () => {
    const error = await getDb()
      .execute(sql`UPDATE customers SET status = 'onboarding' WHERE id = ${JOHN}::uuid`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    const pg = findPgError(error);
    expect(pg).toMatchObject({ code: "23514", constraint: "customers_status_transition" });
    expect(restErrorFromDatabase(pg as NonNullable<typeof pg>).status).toBe(409);
  });

  it("closes customers only by erasure", async () => {
    const result = await rest("PATCH", `customers?id=eq.${customerId("carol-reyes")}`, {
      body: { status: "closed" },
    });
    expect(result.status).toBe(409);
    expect(result.body.code).toBe("erasure_required");
    expect(result.body.hint).toMatch(/DELETE \/api\/rest\/customers/);
  });

  it("needs a name to go live", async () => {
    const nameless = (await create({ email: "nameless@example.com" })).body[0];
    await rest("PATCH", `customers?id=eq.${nameless.id}`, { body: { status: "prelive" } });
    const refused = await rest("PATCH", `customers?id=eq.${nameless.id}`, {
      body: { status: "live" },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toBe("Violates customers_live_has_name.");
    const named = await rest("PATCH", `customers?id=eq.${nameless.id}`, {
      body: { status: "live", name: "Nora Named" },
      headers: representation,
    });
    expect(named.status).toBe(200);
    expect(named.body[0]).toMatchObject({ status: "live", first_name: "Nora", last_name: "Named" });
  });
});

describe("PATCH /api/rest/customers: profile", () => {
  it("validates email and refuses one in use", async () => {
    const taken = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      body: { email: "Accounts@ACME.com" },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe("23505");
    const invalid = await rest("PATCH", `customers?id=eq.${JOHN}`, { body: { email: "john@" } });
    expect(invalid.status).toBe(400);
  });

  it("reads national phone numbers in the country of the customer's premises", async () => {
    const priya = customerId("priya-shah");
    const uk = await rest("PATCH", `customers?id=eq.${priya}`, {
      body: { phone: "020 7946 0999" },
      headers: representation,
    });
    expect(uk.body[0].phone).toBe("+442079460999");
    const us = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      body: { phone: "(214) 555-0123" },
      headers: representation,
    });
    expect(us.body[0].phone).toBe("+12145550123");
    const both = await rest("PATCH", `customers?id=in.(${JOHN},${priya})`, {
      body: { phone: "020 7946 0998" },
    });
    expect(both.status).toBe(400);
    const [change] = (await auditOf(priya, "ProfileUpdated")).slice(-1);
    expect(change.data).toEqual({
      changes: { phone: { from: "+442079460018", to: "+442079460999" } },
    });
    expect((await outboxFor(priya)).at(-1)).toMatchObject({
      event_type: "CustomerUpdated",
      payload: { data: { customerId: priya, fields: ["phone"] } },
    });
  });

  it("renames a business through name, and refuses name across types", async () => {
    const acme = customerId("acme");
    const renamed = await rest("PATCH", `customers?id=eq.${acme}`, {
      body: { name: "Acme Corporation Inc" },
      headers: representation,
    });
    expect(renamed.body[0]).toMatchObject({
      business_name: "Acme Corporation Inc",
      name: "Acme Corporation Inc",
    });
    const mixed = await rest("PATCH", `customers?id=in.(${acme},${JOHN})`, {
      body: { name: "X Y" },
    });
    expect(mixed.status).toBe(400);
  });

  it("changes only the rows chosen by order, limit and offset", async () => {
    const result = await rest(
      "PATCH",
      "customers?select=name,phone&first_name=in.(Grace,Lena,Priya,Tom)&order=name&limit=1&offset=1",
      { body: { phone: "+44 20 7946 0035" }, headers: representation },
    );
    expect(result.status).toBe(200);
    expect(result.body).toEqual([{ name: "Lena Okafor", phone: "+442079460035" }]);
    expect(await read("customers?select=name&phone=eq.%2B442079460035")).toEqual([
      { name: "Lena Okafor" },
    ]);
  });

  it("rolls back when a single object was asked for and several rows matched", async () => {
    const path = "customers?select=id,phone&type=eq.individual&status=eq.live";
    const before = await read(path);
    const result = await rest("PATCH", path, {
      body: { phone: null },
      headers: { accept: "application/vnd.pgrst.object+json", ...representation },
    });
    expect(result.status).toBe(406);
    expect(result.body.code).toBe("PGRST116");
    expect(await read(path)).toEqual(before);
  });
});
