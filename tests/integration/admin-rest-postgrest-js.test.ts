import { PostgrestClient } from "@supabase/postgrest-js";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE, GET, HEAD, PATCH, POST } from "@/app/api/rest/[table]/route";
import { accountId, customerId } from "@/db/seed/static";
import { staff } from "./support/rest";

/** The client's requests go to the route handlers in-process, as Next.js would route them. */
const inProcessFetch: typeof fetch = async (input, init) => {
  const request = new NextRequest(input instanceof Request ? input : new URL(String(input)), {
    ...init,
    signal: init?.signal ?? undefined,
  });
  const table = decodeURIComponent(new URL(request.url).pathname.split("/").pop() ?? "");
  const handler = { GET, HEAD, POST, PATCH, DELETE }[request.method as "GET"];
  return handler(request, { params: Promise.resolve({ table }) });
};

let client: PostgrestClient;

beforeAll(async () => {
  client = new PostgrestClient("http://localhost:3999/api/rest", {
    headers: { Authorization: `Bearer ${await staff.admin()}` },
    fetch: inProcessFetch,
  });
});

describe("the standard PostgREST client against the admin API", () => {
  it("selects with embedded resources", async () => {
    const { data, error, status } = await client
      .from("customers")
      .select("name, links:customer_accounts(role, account(account_number))")
      .eq("name", "John Smith");
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([
      {
        name: "John Smith",
        links: [{ role: "occupier", account: { account_number: "1234567890" } }],
      },
    ]);
  });

  it("filters with eq, in, or and ilike, and orders", async () => {
    const inList = await client
      .from("customers")
      .select("name")
      .in("name", ["Acme Corporation", "Smith, John", "Tom Evans"])
      .order("name", { ascending: false });
    expect(inList.data).toEqual([{ name: "Tom Evans" }, { name: "Acme Corporation" }]);
    const either = await client
      .from("customers")
      .select("name")
      .or("status.eq.onboarding,email.eq.ACCOUNTS@ACME.com")
      .order("name");
    expect(either.data).toEqual([{ name: "Acme Corporation" }, { name: "Marcus Webb" }]);
    const pattern = await client
      .from("customers")
      .select("name")
      .ilike("last_name", "%a%")
      .eq("status", "live");
    expect(pattern.data).toHaveLength(4);
    const nullsLast = await client
      .from("customers")
      .select("name, last_name")
      .order("last_name", { ascending: true, nullsFirst: false });
    expect(nullsLast.data?.at(-1)).toEqual({ name: "Acme Corporation", last_name: null });
  });

  it("pages with range() and reads the exact count", async () => {
    const { data, count, status } = await client
      .from("customers")
      .select("id", { count: "exact" })
      .order("created_at")
      .range(0, 2);
    expect(status).toBe(206);
    expect(data).toHaveLength(3);
    expect(count).toBe(9);
    const head = await client
      .from("customers")
      .select("*", { count: "exact", head: true })
      .eq("status", "live");
    expect(head.count).toBe(8);
    expect(head.data).toBeNull();
  });

  it("returns single() rows as objects, and maybeSingle() as null when there is none", async () => {
    const acme = await client
      .from("customers")
      .select("name, type")
      .eq("id", customerId("acme"))
      .single();
    expect(acme.data).toEqual({ name: "Acme Corporation", type: "business" });
    const many = await client.from("customers").select("id").eq("status", "live").single();
    expect(many.status).toBe(406);
    expect(many.error?.code).toBe("PGRST116");
    const none = await client.from("customers").select("id").eq("status", "closed").maybeSingle();
    expect(none.error).toBeNull();
    expect(none.data).toBeNull();
  });

  it("inserts, updates and deletes, returning rows with select()", async () => {
    const inserted = await client
      .from("customers")
      .insert({ email: "client.made@example.com", name: "Client Made", phone: "+44 20 7946 0111" })
      .select("id, first_name, last_name, phone, status")
      .single();
    expect(inserted.status).toBe(201);
    expect(inserted.data).toMatchObject({
      first_name: "Client",
      last_name: "Made",
      phone: "+442079460111",
      status: "onboarding",
    });
    const id = (inserted.data as { id: string }).id;

    const updated = await client
      .from("customers")
      .update({ status: "prelive" })
      .eq("id", id)
      .select("status");
    expect(updated.status).toBe(200);
    expect(updated.data).toEqual([{ status: "prelive" }]);

    const link = await client
      .from("customer_accounts")
      .insert([{ customer_id: id, account_id: accountId("4400000001"), role: "billing" }])
      .select("role, account(account_number)");
    expect(link.data).toEqual([{ role: "billing", account: { account_number: "4400000001" } }]);

    const removed = await client
      .from("customer_accounts")
      .delete()
      .eq("customer_id", id)
      .eq("account_id", accountId("4400000001"));
    expect(removed.status).toBe(204);
    expect(removed.error).toBeNull();
    const gone = await client.from("customer_accounts").select("role").eq("customer_id", id);
    expect(gone.data).toEqual([]);
  });

  it("inserts objects with different keys through columns=", async () => {
    const { data, status } = await client
      .from("customers")
      .insert([
        { email: "bulk.one@example.com", name: "Bulk One" },
        { email: "bulk.two@example.com", name: "Bulk Two", phone: "+1 214 555 0100" },
      ])
      .select("email, phone");
    expect(status).toBe(201);
    expect(data).toEqual([
      { email: "bulk.one@example.com", phone: null },
      { email: "bulk.two@example.com", phone: "+12145550100" },
    ]);
  });

  it("surfaces the API's errors as PostgrestError", async () => {
    const unknownColumn = await client.from("customers").select("nope");
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.error).toMatchObject({
      code: "42703",
      message: "column customers.nope does not exist",
    });
    const unfiltered = await client.from("customers").delete();
    expect(unfiltered.error?.code).toBe("21000");
    const transition = await client
      .from("customers")
      .update({ status: "onboarding" })
      .eq("name", "John Smith");
    expect(transition.status).toBe(409);
    expect(transition.error?.code).toBe("23514");
  });
});
