import { describe, expect, it } from "vitest";
import { accountId, customerId } from "@/db/seed/static";
import { auditOf, outboxFor, read, rest } from "./support/rest";

const MARCUS = customerId("marcus-webb");
const GRACE = customerId("grace-hall");
const TOM = customerId("tom-evans");
const LENA = customerId("lena-okafor");
const EFFRA = accountId("4400000003");
const RAILTON = accountId("4400000002");
const representation = { prefer: "return=representation" };

const linksOf = (account: string) =>
  read(`customer_accounts?account_id=eq.${account}&select=customer_id,role&order=role,customer_id`);

describe("POST /api/rest/customer_accounts", () => {
  it("links a customer to an account, recording it for the customer and the account", async () => {
    const result = await rest(
      "POST",
      "customer_accounts?select=role,customer(name),account(account_number)",
      {
        body: { customer_id: MARCUS, account_id: EFFRA, role: "occupier" },
        headers: representation,
      },
    );
    expect(result.status).toBe(201);
    expect(result.body).toEqual([
      {
        role: "occupier",
        customer: { name: "Marcus Webb" },
        account: { account_number: "4400000003" },
      },
    ]);
    expect(await auditOf(MARCUS, "AccountLinked")).toMatchObject([
      { actor_type: "admin", data: { account_id: EFFRA, role: "occupier" } },
    ]);
    expect((await outboxFor(EFFRA)).at(-1)).toMatchObject({
      event_type: "AccountLinked",
      payload: { data: { accountId: EFFRA, customerId: MARCUS, role: "occupier" } },
    });
  });

  it("refuses a landlord as occupier of the same premises with 409", async () => {
    const result = await rest("POST", "customer_accounts", {
      body: { customer_id: LENA, account_id: RAILTON, role: "occupier" },
    });
    expect(result.status).toBe(409);
    expect(result.body.code).toBe("23505");
    expect(result.body.message).toMatch(/already linked.*landlord cannot also be its occupier/);
    expect(await linksOf(RAILTON)).toEqual([
      { customer_id: TOM, role: "occupier" },
      { customer_id: LENA, role: "landlord" },
    ]);
  });

  it("refuses a link to a customer or account that does not exist", async () => {
    const result = await rest("POST", "customer_accounts", {
      body: {
        customer_id: "00000000-0000-4000-8000-000000000000",
        account_id: EFFRA,
        role: "agent",
      },
    });
    expect(result.status).toBe(409);
    expect(result.body.code).toBe("23503");
  });

  it("refuses an account left without an occupier, checked when the transaction commits", async () => {
    const result = await rest("POST", "customer_accounts", {
      body: {
        customer_id: MARCUS,
        account_id: (await read("accounts?select=id&account_number=eq.5555555555"))[0].id,
        role: "agent",
      },
    });
    expect(result.status).toBe(201);
    const lonely = await rest("POST", "accounts", {
      body: { account_number: "4400000099", type: "residential" },
      headers: representation,
    });
    const orphan = await rest("POST", "customer_accounts", {
      body: { customer_id: MARCUS, account_id: lonely.body[0].id, role: "billing" },
    });
    expect(orphan.status).toBe(409);
    expect(orphan.body).toMatchObject({
      code: "23514",
      message: "Every account must keep at least one occupier.",
      details: "Violates customer_accounts_keeps_occupier.",
    });
    expect(await linksOf(lonely.body[0].id)).toEqual([]);
  });
});

describe("PATCH and DELETE /api/rest/customer_accounts", () => {
  it("refuses to unlink an account's only occupier", async () => {
    const result = await rest(
      "DELETE",
      `customer_accounts?customer_id=eq.${TOM}&account_id=eq.${RAILTON}`,
    );
    expect(result.status).toBe(409);
    expect(result.body.details).toBe("Violates customer_accounts_keeps_occupier.");
    expect(await linksOf(RAILTON)).toHaveLength(2);
    expect(await auditOf(TOM, "AccountUnlinked")).toEqual([]);
  });

  it("refuses to change the only occupier's role", async () => {
    const result = await rest(
      "PATCH",
      `customer_accounts?customer_id=eq.${TOM}&account_id=eq.${RAILTON}`,
      {
        body: { role: "billing" },
      },
    );
    expect(result.status).toBe(409);
    expect(await linksOf(RAILTON)).toContainEqual({ customer_id: TOM, role: "occupier" });
  });

  it("unlinks and changes roles while another occupier remains, recording both", async () => {
    const role = await rest(
      "PATCH",
      `customer_accounts?customer_id=eq.${GRACE}&account_id=eq.${EFFRA}`,
      {
        body: { role: "billing" },
        headers: representation,
      },
    );
    expect(role.status).toBe(200);
    expect(role.body).toMatchObject([{ role: "billing" }]);
    expect(await auditOf(GRACE, "AccountRoleChanged")).toMatchObject([
      { data: { account_id: EFFRA, role: "billing", previousRole: "occupier" } },
    ]);
    const unlink = await rest(
      "DELETE",
      `customer_accounts?customer_id=eq.${GRACE}&account_id=eq.${EFFRA}`,
      {
        headers: representation,
      },
    );
    expect(unlink.status).toBe(200);
    expect(unlink.body).toMatchObject([{ customer_id: GRACE, role: "billing" }]);
    expect(await linksOf(EFFRA)).toEqual([{ customer_id: MARCUS, role: "occupier" }]);
    expect(await auditOf(GRACE, "AccountUnlinked")).toMatchObject([
      { actor_type: "admin", data: { account_id: EFFRA, role: "billing" } },
    ]);
    expect((await outboxFor(EFFRA)).map((e) => e.event_type).slice(-2)).toEqual([
      "AccountUpdated",
      "AccountUnlinked",
    ]);
  });

  it("changes only the role", async () => {
    const result = await rest("PATCH", `customer_accounts?customer_id=eq.${MARCUS}`, {
      body: { account_id: RAILTON },
    });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe("428C9");
  });
});
