import { describe, expect, it } from "vitest";
import { accountId, customerId } from "@/db/seed/static";
import { todayIn } from "@/lib/clock";
import { read, rest } from "./support/rest";

const names = (rows: { name: string }[]) => rows.map((r) => r.name);
const q = encodeURIComponent;

describe("GET /api/rest/{table}: filters", () => {
  it("compares with eq and neq", async () => {
    expect(await read("customers?select=name&status=eq.onboarding")).toEqual([
      { name: "Marcus Webb" },
    ]);
    expect(names(await read("customers?select=name&status=neq.live"))).toEqual(["Marcus Webb"]);
  });

  it("compares timestamps and dates with gt, gte, lt and lte, and ANDs repeated filters", async () => {
    const rows = await read(
      "customers?select=name&created_at=gte.2023-01-01&created_at=lt.2024-01-01&order=created_at",
    );
    expect(names(rows)).toEqual(["Priya Shah", "Lena Okafor", "Tom Evans"]);
    expect(names(await read("customers?select=name&created_at=lte.2019-12-31"))).toEqual([
      "Acme Corporation",
    ]);
    expect(names(await read("customers?select=name&created_at=gt.2026-01-01"))).toEqual([
      "Marcus Webb",
    ]);
  });

  it("matches like and ilike patterns with * as the wildcard", async () => {
    const withA = await read("customers?select=name&last_name=like.*a*&order=name");
    expect(names(withA)).toEqual(["Grace Hall", "Lena Okafor", "Priya Shah", "Tom Evans"]);
    expect(names(await read("customers?select=name&name=ilike.*ACME*"))).toEqual([
      "Acme Corporation",
    ]);
    expect(await read("customers?select=name&name=like.*ACME*")).toEqual([]);
  });

  it("finds encrypted emails and phones by exact value only, and says so otherwise", async () => {
    expect(
      names(await read(`customers?select=name&email=eq.${q(" John.Smith@EXAMPLE.com")}`)),
    ).toEqual(["John Smith"]);
    expect(
      names(
        await read(
          `customers?select=name&phone=in.(${q("+442079460018,+44 20 7946 0027")})&order=name`,
        ),
      ),
    ).toEqual(["Priya Shah", "Tom Evans"]);
    expect(await read(`customers?select=name,email&phone=eq.${q("+19725550142")}`)).toEqual([
      { name: "John Smith", email: "john.smith@example.com" },
    ]);
    expect(names(await read("customers?select=name&phone=is.null"))).toEqual(["Marcus Webb"]);
    for (const path of [
      "customers?email=like.*@example.co.uk",
      "customers?email=ilike.*ACME*",
      "customers?phone=gt.%2B1",
      "customers?email=like(any).{*@acme.com}",
      "customers?order=email",
      "customers?select=phone::int",
      "customers_by_esco?email=match.acme",
      "premises?street=like.*Main*",
    ]) {
      const result = await rest("GET", path);
      expect(result.status, path).toBe(400);
      expect(result.body.code, path).toBe("PGRST100");
      expect(result.body.message, path).toMatch(/encrypted at rest/);
    }
  });

  it("matches regular expressions with match and imatch", async () => {
    expect(
      names(await read(`customers?select=name&name=match.${q("^(John|Tom) ")}&order=name`)),
    ).toEqual(["John Smith", "Tom Evans"]);
    expect(names(await read("customers?select=name&name=imatch.^acme"))).toEqual([
      "Acme Corporation",
    ]);
  });

  it("reads in.() lists, with quoted values that hold commas", async () => {
    const rows = await read(
      `customers?select=name&name=in.(${q('"Acme Corporation","Smith, John",John Smith')})&order=name`,
    );
    expect(names(rows)).toEqual(["Acme Corporation", "John Smith"]);
    expect(await read("customers?select=name&name=in.()")).toEqual([]);
  });

  it("tests null, true and false with is", async () => {
    expect(names(await read("customers?select=name&phone=is.null"))).toEqual(["Marcus Webb"]);
    expect(await read("customers?select=name&phone=not.is.null")).toHaveLength(8);
    const overrides = await read<{ customer_id: string }[]>(
      "customer_tariffs?select=customer_id&is_override=is.true",
    );
    // Priya's microgrid discount and Acme's agreed discount in Texas.
    expect(new Set(overrides.map((t) => t.customer_id))).toEqual(
      new Set([customerId("priya-shah"), customerId("acme")]),
    );
    expect(await read("customer_tariffs?select=id&is_override=is.false")).toHaveLength(12);
  });

  it("compares booleans with eq like any other typed value", async () => {
    expect(await read("customer_tariffs?select=id&is_override=eq.true")).toHaveLength(12);
    expect(await read("customer_tariffs?select=id&is_override=neq.true")).toHaveLength(12);
    const smart = await read<{ meter_number: string }[]>(
      "meters?select=meter_number&is_smart=eq.false&order=meter_number",
    );
    expect(smart.map((m) => m.meter_number)).toEqual(
      ["E-55550003", "G-98765002", "G-UK0000102", "G-77770002", "W-55550002", "W-98765003"].sort(),
    );
  });

  it("negates any operator with not.", async () => {
    expect(names(await read("customers?select=name&status=not.eq.live"))).toEqual(["Marcus Webb"]);
    const rows = await read("customers?select=name&last_name=not.like.*a*&order=name");
    expect(names(rows)).toEqual(["Carol Reyes", "Dana Price", "John Smith", "Marcus Webb"]);
    expect(await read("customers?select=name&status=not.in.(live,onboarding)")).toEqual([]);
  });

  it("combines conditions with or=, and= and their nesting", async () => {
    const rows = await read(
      `customers?select=name&order=name&or=(${q("name.eq.Acme Corporation,and(type.eq.individual,last_name.like.Sm*)")})`,
    );
    expect(names(rows)).toEqual(["Acme Corporation", "John Smith"]);
    const negated = await read(
      "customers?select=name&not.or=(last_name.in.(Hall,Okafor,Webb,Shah,Evans),type.eq.business)&order=name",
    );
    expect(names(negated)).toEqual(["Carol Reyes", "Dana Price", "John Smith"]);
    const nested = await read(
      `customers?select=name&and=(status.eq.live,or(name.like.T*,not.and(last_name.like.*ce,type.eq.individual)))&order=name`,
    );
    expect(names(nested)).not.toContain("Dana Price");
    expect(names(nested)).toContain("Tom Evans");
  });

  it("quantifies comparisons with (any) and (all)", async () => {
    const rows = await read("customers?select=name&name=like(any).{Acme*,*Reyes}&order=name");
    expect(names(rows)).toEqual(["Acme Corporation", "Carol Reyes"]);
    expect(names(await read("customers?select=name&name=ilike(all).{*o*,*e*}&order=name"))).toEqual(
      ["Acme Corporation", "Carol Reyes", "Lena Okafor", "Tom Evans"],
    );
  });

  it("compares with isdistinct, which treats null as a value", async () => {
    expect(await read(`customers?select=name&first_name=isdistinct.John`)).toHaveLength(8);
  });
});

describe("GET /api/rest/{table}: select", () => {
  it("renames with aliases and casts", async () => {
    const [john] = await read(
      `customers?select=${q("id,mail:email,since:created_at::date,name::text")}&id=eq.${customerId("john-smith")}`,
    );
    expect(john).toEqual({
      id: customerId("john-smith"),
      mail: "john.smith@example.com",
      since: "2020-03-15",
      name: "John Smith",
    });
  });

  it("returns every readable column for *, and never an invite's token hash", async () => {
    const [customer] = await read("customers?limit=1");
    expect(Object.keys(customer)).toEqual([
      "id",
      "auth_subject",
      "type",
      "first_name",
      "last_name",
      "business_name",
      "name",
      "email",
      "phone",
      "status",
      "created_at",
      "updated_at",
      "deleted_at",
    ]);
    const invites = await rest("GET", "customer_invites?select=id,token_hash");
    expect(invites.status).toBe(400);
    expect(invites.body.code).toBe("42703");
  });
});

describe("GET /api/rest/{table}: embedding", () => {
  it("embeds to-one by the key's name or the table's, as the seed document's example does", async () => {
    const path = `customer_accounts?customer_id=eq.${customerId("john-smith")}`;
    const [byKey] = await read(`${path}&select=*,account(*)`);
    const [byTable] = await read(`${path}&select=role,accounts(account_number)`);
    expect(byKey).toMatchObject({
      role: "occupier",
      account: { id: accountId("1234567890"), account_number: "1234567890", status: "active" },
    });
    expect(byTable).toEqual({ role: "occupier", accounts: { account_number: "1234567890" } });
  });

  it("embeds to-many, nested, with filters, order and limit inside the embedded resource", async () => {
    const [acme] = await read(
      `customers?id=eq.${customerId("acme")}&select=name,links:customer_accounts(role,account(account_number,premises(city)))` +
        "&links.order=account_id.desc&links.account.premises.order=city.desc&links.limit=2",
    );
    expect(acme.links).toHaveLength(2);
    expect(acme.links[0].account.premises.map((p: { city: string }) => p.city)).toEqual(
      [...acme.links[0].account.premises.map((p: { city: string }) => p.city)].sort().reverse(),
    );
    const [only] = await read(
      `customers?id=eq.${customerId("carol-reyes")}&select=customer_accounts(role)&customer_accounts.role=eq.occupier`,
    );
    expect(only).toEqual({ customer_accounts: [] });
  });

  it("embeds many-to-many through customer_accounts", async () => {
    const [account] = await read(
      `accounts?account_number=eq.4400000002&select=account_number,customers(name)&customers.order=name`,
    );
    expect(account).toEqual({
      account_number: "4400000002",
      customers: [{ name: "Lena Okafor" }, { name: "Tom Evans" }],
    });
  });

  it("keeps only parents with a match for !inner, and filters on its columns", async () => {
    const rows = await read(
      "customers?select=name,customer_accounts!inner(role)&customer_accounts.role=eq.landlord",
    );
    expect(rows).toEqual([{ name: "Lena Okafor", customer_accounts: [{ role: "landlord" }] }]);
    const deep = await read(
      "customers?select=name,customer_accounts!inner(account!inner(premises!inner(esco!inner())))" +
        "&customer_accounts.account.premises.esco.code=eq.BRX&order=name",
    );
    expect(names(deep)).toEqual(["Grace Hall", "Lena Okafor", "Priya Shah", "Tom Evans"]);
    expect(deep[0].customer_accounts[0].account.premises[0]).toEqual({});
  });

  it("filters parents on whether an embedded resource exists", async () => {
    const withoutLinks = await read(
      "customers?select=name,customer_accounts()&customer_accounts=is.null",
    );
    expect(names(withoutLinks)).toEqual(["Marcus Webb"]);
    const occupiers = await read(
      "customers?select=name,occupies:customer_accounts()&occupies.role=eq.occupier&occupies=not.is.null",
    );
    expect(occupiers).toHaveLength(5);
  });

  it("chooses a relationship by hint", async () => {
    const [tariff] = await read(
      `customer_tariffs?customer_id=eq.${customerId("tom-evans")}&select=benchmark_tariff!benchmark_tariff_id(code),microgrid_tariffs(discount_rate_basis_points)&limit=1`,
    );
    expect(tariff).toEqual({
      benchmark_tariff: { code: "UK-CAP-ELEC-LON" },
      microgrid_tariffs: { discount_rate_basis_points: 1500 },
    });
  });
});

describe("GET /api/rest/{table}: order", () => {
  it("sorts by several columns with directions and null placement", async () => {
    const rows = await read("customers?select=name,last_name&order=last_name.desc.nullslast,name");
    expect(rows.at(-1)).toEqual({ name: "Acme Corporation", last_name: null });
    const first = await read(
      "customers?select=name,last_name&order=last_name.asc.nullsfirst&limit=1",
    );
    expect(first).toEqual([{ name: "Acme Corporation", last_name: null }]);
    const byType = await read("customers?select=type,name&order=type.desc,name.asc&limit=2");
    expect(byType).toEqual([
      { type: "business", name: "Acme Corporation" },
      { type: "individual", name: "Carol Reyes" },
    ]);
  });
});

describe("GET /api/rest/{table}: views", () => {
  it("lists live customers with the tariff in force today", async () => {
    const today = todayIn("UTC");
    const rows = await read("active_customer_tariffs?order=name");
    expect(rows).toHaveLength(8);
    const tom = rows.find((r: { name: string }) => r.name === "Tom Evans");
    const [latest] = await read(
      `customer_tariffs?customer_id=eq.${customerId("tom-evans")}&period_start=lte.${today}&order=period_start.desc&limit=1`,
    );
    expect(tom).toMatchObject({
      tariff_id: latest.id,
      period_start: latest.period_start,
      computed_unit_rate: latest.computed_unit_rate,
      computed_standing_charge: latest.computed_standing_charge,
    });
    const untariffed = await read(
      "active_customer_tariffs?select=name&tariff_id=is.null&order=name",
    );
    expect(names(untariffed)).toEqual(["Carol Reyes", "Dana Price", "John Smith", "Lena Okafor"]);
  });

  it("lists occupiers once per ESCO, with filters, order and paging", async () => {
    const result = await rest(
      "GET",
      "customers_by_esco?select=name,esco_code&order=esco_code,name&limit=2&offset=1",
      {
        headers: { prefer: "count=exact" },
      },
    );
    expect(result.status).toBe(206);
    expect(result.headers.get("content-range")).toBe("1-2/5");
    expect(result.body).toEqual([
      { name: "Priya Shah", esco_code: "BRX" },
      { name: "Tom Evans", esco_code: "BRX" },
    ]);
    expect(names(await read("customers_by_esco?esco_code=eq.TXE&order=name"))).toEqual([
      "Acme Corporation",
      "John Smith",
    ]);
  });
});

describe("one statement per read", () => {
  it.each([
    "customers",
    "customers?select=*,customer_accounts(*,account(*,premises(*,meters(*),esco(*))))",
    "accounts?select=*,customers!inner(name)&customers.status=eq.live&order=account_number.desc",
    "customers?select=name,customer_accounts()&customer_accounts=is.null&or=(status.eq.live,phone.is.null)",
    "active_customer_tariffs?order=name&limit=3",
  ])("GET %s", async (path) => {
    const result = await rest("GET", path, { headers: { prefer: "count=exact", range: "0-4" } });
    expect([200, 206]).toContain(result.status);
    expect(result.statements).toHaveLength(1);
  });
});
