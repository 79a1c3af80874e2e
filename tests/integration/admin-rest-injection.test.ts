import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { rest } from "./support/rest";

/** Everything an injection could touch: if this is unchanged, nothing got through. */
async function fingerprint() {
  const [row] = await queryRows<Record<string, string>>(
    getDb(),
    sql`SELECT
      (SELECT md5(string_agg(c::text, ',' ORDER BY c.id)) FROM customers c) AS customers,
      (SELECT md5(string_agg(l::text, ',' ORDER BY l.customer_id, l.account_id)) FROM customer_accounts l) AS links,
      (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM customer_tariffs t) AS tariffs,
      (SELECT count(*) FROM customer_events)::text AS events,
      (SELECT count(*) FROM outbox)::text AS outbox,
      (SELECT string_agg(table_name::text, ',' ORDER BY table_name) FROM information_schema.tables
        WHERE table_schema = 'public') AS tables`,
  );
  return row;
}

const q = encodeURIComponent;
const DROP = "'; drop table customers; --";
const JOHN = customerId("john-smith");

let before: Awaited<ReturnType<typeof fingerprint>>;
beforeAll(async () => {
  before = await fingerprint();
});
afterAll(async () => {
  expect(await fingerprint()).toEqual(before);
});

async function expect400(path: string, method: "GET" | "PATCH" | "DELETE" = "GET") {
  const result = await rest(method, path, method === "PATCH" ? { body: { phone: null } } : {});
  expect(result.status, `${method} ${path}: ${result.text}`).toBe(400);
  expect(result.body.code).toMatch(/^(PGRST\d{3}|42703|22P02|42704|21000)$/);
  return result;
}

describe("injection attempts", () => {
  it("in column names of filters, select, order and the body", async () => {
    for (const column of [
      "id;drop table customers",
      'id"',
      "id)",
      "id--",
      "id/**/",
      `email${DROP}`,
      "(select 1)",
      "customers.id",
      "émail",
      "x".repeat(5_000),
    ]) {
      await expect400(`customers?${q(column)}=eq.1`);
      await expect400(`customers?select=${q(column)}`);
      await expect400(`customers?order=${q(column)}`);
      await expect400(`customers?or=(${q(column)}.eq.1)`);
      await expect400(`customers?id=eq.${JOHN}&select=id,${q(`"${column}"`)}`);
      const body = await rest("PATCH", `customers?id=eq.${JOHN}`, { body: { [column]: "x" } });
      expect(body.status).toBe(400);
    }
  });

  it("in aliases, casts and embedded resource names", async () => {
    await expect400(`customers?select=${q(`a";drop table customers;--:id`)}`);
    await expect400(`customers?select=${q("a:id::text;drop table customers")}`);
    await expect400(`customers?select=${q("id::regclass")}`);
    await expect400(`customers?select=${q(`customer_accounts${DROP}(*)`)}`);
    await expect400(`customers?select=${q('"customer_accounts); drop table customers;--"(*)')}`);
    await expect400(`customers?select=${q("customer_accounts!inner;drop(*)")}`);
    // A quoted alias is only ever a JSON key, bound as a parameter.
    const quoted = await rest("GET", `customers?select=${q(`"${DROP}":email`)}&id=eq.${JOHN}`);
    expect(quoted.status).toBe(200);
    expect(quoted.body).toEqual([{ [DROP]: "john.smith@example.com" }]);
  });

  it("in operators, order modifiers and paging", async () => {
    for (const path of [
      `customers?id=${q(`eq;drop table customers.${JOHN}`)}`,
      `customers?id=${q(`${DROP}.1`)}`,
      `customers?id=not.${q(DROP)}`,
      `customers?id=in.(${q(`1);${DROP}`)}`,
      `customers?id=is.${q(DROP)}`,
      `customers?order=${q(`name.desc;${DROP}`)}`,
      `customers?order=${q("name.desc nulls first")}`,
      `customers?limit=${q("1;drop table customers")}`,
      `customers?offset=${q("1 union select 1")}`,
      `customers?or=${q(`(id.eq.1)${DROP}`)}`,
    ]) {
      await expect400(path);
    }
  });

  it("in values: bound parameters, so text is only ever compared", async () => {
    for (const value of [DROP, `x' OR '1'='1`, '"', ")", "\\", "Zoë 🙂", "x".repeat(5_000)]) {
      const text = await rest("GET", `customers?name=eq.${q(value)}`);
      expect(text.status).toBe(200);
      expect(text.body).toEqual([]);
      const pattern = await rest("GET", `customers?name=ilike.${q(`*${value}*`)}`);
      expect(pattern.status).toBe(200);
      const exact = await rest("GET", `customers?email=eq.${q(value)}`);
      expect(exact.status).toBe(200);
      expect(exact.body).toEqual([]);
      const quoted = `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
      const list = await rest("GET", `customers?name=in.(${q(quoted)})`);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([]);
    }
    const uuid = await expect400(`customers?id=eq.${q(`${JOHN}' OR '1'='1`)}`);
    expect(uuid.body.code).toBe("22P02");
  });

  it("in values that Postgres cannot store at all", async () => {
    const nul = await rest("GET", `customers?name=eq.${q("a\u0000b")}`);
    expect(nul.status).toBe(400);
  });

  it("in write bodies: values are bound, and the rules still hold", async () => {
    const result = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      body: { email: `${DROP}@example.com` },
    });
    expect(result.status).toBe(400);
    const status = await rest("PATCH", `customers?id=eq.${JOHN}`, {
      body: { status: "live'; update customers set status = 'closed" },
    });
    expect(status.status).toBe(400);
    expect(status.body.code).toBe("22P02");
  });

  it("in the table name", async () => {
    for (const table of [
      `customers${DROP}`,
      "customers;",
      "public.customers",
      "CUSTOMERS",
      "pg_catalog.pg_user",
    ]) {
      const result = await rest("GET", q(table));
      expect(result.status).toBe(404);
      expect(result.body.code).toBe("PGRST205");
    }
  });

  it("in very long query strings", async () => {
    const result = await rest("GET", `customers?name=in.(${"a,".repeat(5_000)}b)`);
    expect(result.status).toBe(400);
    expect(result.body.message).toBe("The query string is too long");
  });

  it("in Prefer and Range headers", async () => {
    const prefer = await rest("GET", "customers?select=id", {
      headers: { prefer: `count=exact; ${DROP}`, range: `0-1; ${DROP}` },
    });
    expect(prefer.status).toBe(200);
    expect(prefer.headers.get("content-range")).toBe("0-8/*");
  });

  it("send no statement at all when the request does not parse", async () => {
    const result = await rest("GET", `customers?select=${q(`id;${DROP}`)}`);
    expect(result.status).toBe(400);
    expect(result.statements).toHaveLength(0);
  });
});
