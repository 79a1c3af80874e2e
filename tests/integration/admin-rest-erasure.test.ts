import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PUT as putCustomer } from "@/app/api/customer/route";
import { getDb, queryRows } from "@/db/client";
import { accountId, customerId } from "@/db/seed/static";
import { auditOf, outboxFor, read, rest } from "./support/rest";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const DANA = customerId("dana-price");
const representation = { prefer: "return=representation" };

describe("DELETE /api/rest/customers: GDPR erasure", () => {
  it("refuses the sole occupier of an open account, changing nothing", async () => {
    const john = customerId("john-smith");
    const result = await rest("DELETE", `customers?id=eq.${john}`);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/only occupier of open account 1234567890/),
    });
    expect(await read(`customers?id=eq.${john}&select=status,email`)).toEqual([
      { status: "live", email: "john.smith@example.com" },
    ]);
  });

  it("refuses a customer who never went live", async () => {
    const result = await rest("DELETE", `customers?id=eq.${customerId("marcus-webb")}`);
    expect(result.status).toBe(409);
    expect(result.body.code).toBe("invalid_status_transition");
    expect(result.body.message).toMatch(/onboarding customer cannot be erased/);
  });

  it("closes a live customer through inactive, scrubs personal data and keeps the history", async () => {
    await getDb().execute(sql`UPDATE preferences SET mailing_same_as_primary = false,
      mailing_street = '1 Private Road', mailing_city = 'Dallas', mailing_zip = '75201'
      WHERE customer_id = ${DANA}::uuid`);
    const phone = await rest("PATCH", `customers?id=eq.${DANA}`, {
      body: { phone: "+1 469 555 0199" },
    });
    expect(phone.status).toBe(204);
    // Her own change names the field in its integration event, not the new value.
    const own = await callRoute(putCustomer, "/api/customer", {
      method: "PUT",
      token: await accessToken("dana"),
      body: { phone: "+1 469 555 0177" },
    });
    expect(own.status).toBe(200);
    expect(JSON.stringify(await outboxFor(DANA))).not.toMatch(/4695550177/);
    expect((await outboxFor(DANA)).at(-1)?.payload.data).toMatchObject({ fields: ["phone"] });
    const unlink = await rest("DELETE", `customer_accounts?customer_id=eq.${DANA}`);
    expect(unlink.status).toBe(204);

    const result = await rest("DELETE", `customers?id=eq.${DANA}`, { headers: representation });
    expect(result.status).toBe(200);
    expect(result.body).toEqual([
      expect.objectContaining({
        id: DANA,
        status: "closed",
        first_name: null,
        last_name: null,
        business_name: null,
        name: null,
        email: null,
        phone: null,
        auth_subject: null,
        deleted_at: expect.any(String),
      }),
    ]);

    const [preferences] = await queryRows<Record<string, unknown>>(
      getDb(),
      sql`SELECT mailing_same_as_primary, mailing_street, mailing_city, mailing_zip
          FROM preferences WHERE customer_id = ${DANA}::uuid`,
    );
    expect(preferences).toEqual({
      mailing_same_as_primary: true,
      mailing_street: null,
      mailing_city: null,
      mailing_zip: null,
    });

    const trail = await auditOf(DANA);
    expect(trail.map((e) => e.type)).toEqual([
      "CustomerCreated",
      "ProfileUpdated",
      "ProfileUpdated",
      "AccountUnlinked",
      "CustomerStatusChanged",
      "CustomerStatusChanged",
      "CustomerErased",
    ]);
    const profile = trail[1];
    expect(profile).toMatchObject({
      actor_type: "admin",
      data: { changes: { phone: "[erased]" } },
    });
    expect(JSON.stringify(trail)).not.toMatch(/469|dana|Price|Private Road/i);
    // Integration events about her, published or not, lose the personal values as well.
    expect(JSON.stringify(await outboxFor(DANA))).not.toMatch(/4695550177|4695550199|dana\.price/i);
    expect(trail.slice(4).map((e) => [e.data.from, e.data.to])).toEqual([
      ["live", "inactive"],
      ["inactive", "closed"],
      [undefined, undefined],
    ]);
    expect(
      (await outboxFor(DANA)).map((e) => [e.event_type, e.payload.actor.type]).slice(-3),
    ).toEqual([
      ["CustomerStatusChanged", "admin"],
      ["CustomerStatusChanged", "admin"],
      ["CustomerErased", "admin"],
    ]);
  });

  it("refuses to erase twice, and to change or link an erased customer", async () => {
    expect((await rest("DELETE", `customers?id=eq.${DANA}`)).status).toBe(409);
    const patch = await rest("PATCH", `customers?id=eq.${DANA}`, { body: { name: "Dana Price" } });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe("erased_customer");
    const link = await rest("POST", "customer_accounts", {
      body: { customer_id: DANA, account_id: accountId("7777777777"), role: "billing" },
    });
    expect(link.status).toBe(409);
    expect(link.body.code).toBe("erased_customer");
  });

  it("closes an inactive customer in one step", async () => {
    const created = await rest("POST", "customers", {
      body: { email: "short.stay@example.com", name: "Short Stay" },
      headers: representation,
    });
    const id = created.body[0].id;
    for (const status of ["prelive", "live", "inactive"]) {
      expect((await rest("PATCH", `customers?id=eq.${id}`, { body: { status } })).status).toBe(204);
    }
    expect((await rest("DELETE", `customers?id=eq.${id}`)).status).toBe(204);
    const changes = (await auditOf(id, "CustomerStatusChanged")).map(
      (e) => `${e.data.from}>${e.data.to}`,
    );
    expect(changes).toEqual([
      "onboarding>prelive",
      "prelive>live",
      "live>inactive",
      "inactive>closed",
    ]);
  });

  it("erases all or nothing when several customers match", async () => {
    const carol = customerId("carol-reyes");
    const ids = [carol, customerId("john-smith")];
    await rest("DELETE", `customer_accounts?customer_id=eq.${carol}`);
    const result = await rest("DELETE", `customers?id=in.(${ids.join(",")})`);
    expect(result.status).toBe(409);
    expect(await read(`customers?id=eq.${carol}&select=status,email`)).toEqual([
      { status: "live", email: "carol@harbourlettings.example" },
    ]);
  });
});
