import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getBills } from "@/app/api/accounts/[accountId]/bills/route";
import { PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { POST as closeAccount } from "@/app/api/staff/accounts/[accountId]/close/route";
import { POST as eraseCustomer } from "@/app/api/staff/customers/[customerId]/erase/route";
import { getDb, queryRows } from "@/db/client";
import { accountId, customerId } from "@/db/seed/static";
import { FOREIGN_UUID } from "./support/demo";
import { auditOf, outboxFor, read, rest, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const TOM_ACCOUNT = accountId("4400000002");
const PRIYA_ACCOUNT = accountId("4400000001");
const who = {
  tom: customerId("tom-evans"),
  lena: customerId("lena-okafor"),
  john: customerId("john-smith"),
  dana: customerId("dana-price"),
  carol: customerId("carol-reyes"),
  priya: customerId("priya-shah"),
};

async function close(id: string, body: unknown = {}, token?: string) {
  return callRoute(closeAccount, `/api/staff/accounts/${id}/close`, {
    method: "POST",
    token: token ?? (await staff.admin()),
    body,
    params: { accountId: id },
  });
}

async function erase(id: string) {
  return callRoute(eraseCustomer, `/api/staff/customers/${id}/erase`, {
    method: "POST",
    token: await staff.admin(),
    params: { customerId: id },
  });
}

/** What an account's history holds: none of it goes when the account closes. */
async function history(id: string) {
  const [row] = await queryRows<Record<string, number>>(
    getDb(),
    sql`SELECT (SELECT count(*) FROM bills WHERE account_id = ${id}::uuid)::int AS bills,
          (SELECT count(*) FROM payments WHERE account_id = ${id}::uuid)::int AS payments,
          (SELECT count(*) FROM meter_readings r JOIN meters m ON m.id = r.meter_id
             JOIN premises p ON p.id = m.premise_id WHERE p.account_id = ${id}::uuid)::int AS reads,
          (SELECT count(*) FROM customer_accounts WHERE account_id = ${id}::uuid)::int AS links`,
  );
  return row;
}

describe("closing an account (move-out)", () => {
  let before: Record<string, number> | undefined;

  beforeAll(async () => {
    before = await history(TOM_ACCOUNT);
    expect(before?.bills).toBeGreaterThan(0);
    expect(before?.reads).toBeGreaterThan(0);
  });

  it("is for admins only", async () => {
    const result = await close(TOM_ACCOUNT, {}, await staff.csr());
    expect(result.status).toBe(403);
    expect(await read(`accounts?id=eq.${TOM_ACCOUNT}&select=status`)).toEqual([
      { status: "active" },
    ]);
  });

  it("refuses a closing date in the future, and an unknown account", async () => {
    const future = await close(TOM_ACCOUNT, { closedOn: "2026-11-16" });
    expect(future.status).toBe(422);
    expect(future.body.errors[0].field).toBe("closedOn");
    expect((await close(FOREIGN_UUID)).status).toBe(404);
  });

  it("closes it as of today in its ESCO, keeping bills, reads, payments and links", async () => {
    const result = await close(TOM_ACCOUNT);
    expect(result.status, result.text).toBe(200);
    // The clock is pinned to 2026-11-15T12:00Z; London is on UTC in November.
    expect(result.body).toEqual({
      accountId: TOM_ACCOUNT,
      accountNumber: "4400000002",
      status: "closed",
      closedOn: "2026-11-15",
    });
    expect(await read(`accounts?id=eq.${TOM_ACCOUNT}&select=status,closed_on`)).toEqual([
      { status: "closed", closed_on: "2026-11-15" },
    ]);
    expect(await history(TOM_ACCOUNT)).toEqual(before);
    // The occupier still reads the account's bills.
    const bills = await callRoute(getBills, "/api/x", {
      token: await accessToken("tom"),
      params: { accountId: TOM_ACCOUNT },
    });
    expect(bills.status).toBe(200);
    expect(bills.body.bills.length).toBeGreaterThan(0);
  });

  it("refuses its occupier's changes to it, with a clear 409", async () => {
    const rename = await callRoute(putAccount, "/api/x", {
      method: "PUT",
      token: await accessToken("tom"),
      body: { nickname: "Old flat" },
      params: { accountId: TOM_ACCOUNT },
    });
    expect(rename.status).toBe(409);
    expect(rename.body).toMatchObject({ code: "account_closed" });
    expect(rename.body.detail).toMatch(/4400000002 is closed/);
  });

  it("records the change in the outbox and in every linked customer's audit trail", async () => {
    const events = await outboxFor(TOM_ACCOUNT);
    expect(events.at(-1)).toMatchObject({
      event_type: "AccountStatusChanged",
      payload: {
        actor: { type: "admin" },
        data: { id: TOM_ACCOUNT, from: "active", to: "closed", closedOn: "2026-11-15" },
      },
    });
    for (const [customer, role] of [
      [who.tom, "occupier"],
      [who.lena, "landlord"],
    ]) {
      const [entry] = await auditOf(customer as string, "AccountClosed");
      expect(entry).toMatchObject({
        actor_type: "admin",
        data: { account_id: TOM_ACCOUNT, role, closedOn: "2026-11-15" },
      });
    }
  });

  it("refuses to close it twice", async () => {
    const again = await close(TOM_ACCOUNT);
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already closed \(on 2026-11-15\)/);
  });

  it("dates a close through the admin API, and clears the date when reopened", async () => {
    const patch = await rest("PATCH", `accounts?id=eq.${PRIYA_ACCOUNT}`, {
      body: { status: "closed" },
    });
    expect(patch.status, patch.text).toBe(204);
    expect(await read(`accounts?id=eq.${PRIYA_ACCOUNT}&select=status,closed_on`)).toEqual([
      { status: "closed", closed_on: "2026-11-15" },
    ]);
    const [event] = (await outboxFor(PRIYA_ACCOUNT)).slice(-1);
    expect(event?.payload.data).toMatchObject({ to: "closed", closedOn: "2026-11-15" });
    await rest("PATCH", `accounts?id=eq.${PRIYA_ACCOUNT}`, { body: { status: "active" } });
    expect(await read(`accounts?id=eq.${PRIYA_ACCOUNT}&select=closed_on`)).toEqual([
      { closed_on: null },
    ]);
    const dated = await rest("PATCH", `accounts?id=eq.${PRIYA_ACCOUNT}`, {
      body: { status: "closed", closed_on: "2026-10-31" },
    });
    expect(dated.status).toBe(204);
    expect(await read(`accounts?id=eq.${PRIYA_ACCOUNT}&select=closed_on`)).toEqual([
      { closed_on: "2026-10-31" },
    ]);
    // A closed account is not closed again, with or without a new date.
    const again = await rest("PATCH", `accounts?id=eq.${PRIYA_ACCOUNT}`, {
      body: { status: "closed", closed_on: "2026-10-30" },
    });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already closed \(on 2026-10-31\)/);
    const idle = await rest("PATCH", `accounts?id=eq.${PRIYA_ACCOUNT}`, {
      body: { status: "closed" },
    });
    expect(idle.status).toBe(204);
    expect(await read(`accounts?id=eq.${PRIYA_ACCOUNT}&select=closed_on`)).toEqual([
      { closed_on: "2026-10-31" },
    ]);
  });
});

describe("erasure and account links", () => {
  it("refuses the sole occupier of an open account, changing nothing", async () => {
    const result = await erase(who.john);
    expect(result.status).toBe(409);
    expect(result.headers.get("content-type")).toMatch(/problem\+json/);
    expect(result.body).toMatchObject({ code: "conflict" });
    expect(result.body.detail).toMatch(
      /only occupier of open account 1234567890.*close the account/,
    );
    expect(await read(`customers?id=eq.${who.john}&select=status`)).toEqual([{ status: "live" }]);
  });

  it("refuses a co-occupier of an open account until they are unlinked", async () => {
    const open = accountId("4400000003");
    const link = await rest("POST", "customer_accounts", {
      body: { customer_id: who.lena, account_id: open, role: "occupier" },
    });
    expect(link.status, link.text).toBe(201);
    const refused = await erase(who.lena);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/occupier of open account 4400000003: unlink them/);
    await rest("DELETE", `customer_accounts?customer_id=eq.${who.lena}&account_id=eq.${open}`);
  });

  it("erases an occupier whose accounts are all closed, keeping the closed account's link", async () => {
    const result = await erase(who.tom);
    expect(result.status, result.text).toBe(200);
    expect(await read(`customers?id=eq.${who.tom}&select=status,email`)).toEqual([
      { status: "closed", email: null },
    ]);
    expect(
      await read(`customer_accounts?account_id=eq.${TOM_ACCOUNT}&select=role&order=role`),
    ).toEqual([{ role: "occupier" }, { role: "landlord" }]);
  });

  it("erases a customer whose only links are billing or agent ones, unlinking them", async () => {
    for (const customer of [who.dana, who.carol]) {
      const result = await erase(customer);
      expect(result.status, result.text).toBe(200);
      expect(await read(`customer_accounts?customer_id=eq.${customer}`)).toEqual([]);
    }
    const unlinked = await auditOf(who.carol, "AccountUnlinked");
    expect(unlinked.map((e) => [e.data.role, e.data.reason])).toEqual([
      ["agent", "erasure"],
      ["agent", "erasure"],
    ]);
    const [event] = (await outboxFor(accountId("7777777777"))).filter(
      (e) => e.event_type === "AccountUnlinked",
    );
    expect(event?.payload.data).toEqual({
      accountId: accountId("7777777777"),
      customerId: who.dana,
      role: "billing",
    });
  });

  it("erases a landlord of a closed account", async () => {
    const result = await rest("DELETE", `customers?id=eq.${who.lena}`);
    expect(result.status, result.text).toBe(204);
    expect(await read(`customer_accounts?customer_id=eq.${who.lena}&select=role`)).toEqual([
      { role: "landlord" },
    ]);
  });
});

describe("closing through the admin API", () => {
  it("writes the same audit entries through the admin API as through the staff route", async () => {
    // Grace occupies it; Priya is linked as its landlord, so two trails get the entry.
    const account = accountId("4400000003");
    const link = await rest("POST", "customer_accounts", {
      body: { customer_id: who.priya, account_id: account, role: "landlord" },
    });
    expect(link.status, link.text).toBe(201);
    const linked = await read<{ customer_id: string; role: string }[]>(
      `customer_accounts?account_id=eq.${account}&select=customer_id,role&order=customer_id`,
    );
    expect(linked.map((l) => l.role).sort()).toEqual(["landlord", "occupier"]);
    const closings = async () =>
      (await Promise.all(linked.map((l) => auditOf(l.customer_id, "AccountClosed")))).map(
        (entries) => entries.filter((e) => e.data.account_id === account),
      );
    expect((await closings()).flat()).toEqual([]);

    const future = await rest("PATCH", `accounts?id=eq.${account}`, {
      body: { status: "closed", closed_on: "2026-11-16" },
    });
    expect(future.status).toBe(422);
    expect(future.body).toMatchObject({
      code: "validation_failed",
      message: "The closing date must be a date, today or earlier.",
      details: "closedOn: Use a date up to 2026-11-15.",
      hint: null,
    });
    const alone = await rest("PATCH", `accounts?id=eq.${account}`, {
      body: { closed_on: "2026-11-01" },
    });
    expect(alone.status).toBe(422);
    expect(await read(`accounts?id=eq.${account}&select=status,closed_on`)).toEqual([
      { status: "active", closed_on: null },
    ]);
    expect((await closings()).flat()).toEqual([]);

    const closed = await rest("PATCH", `accounts?id=eq.${account}`, {
      body: { status: "closed", closed_on: "2026-11-14", nickname: "Moved out" },
    });
    expect(closed.status, closed.text).toBe(204);
    expect(await read(`accounts?id=eq.${account}&select=status,closed_on,nickname`)).toEqual([
      { status: "closed", closed_on: "2026-11-14", nickname: "Moved out" },
    ]);
    const entries = await closings();
    linked.forEach((link, i) => {
      expect(entries[i]).toHaveLength(1);
      expect(entries[i]?.[0]).toMatchObject({
        actor_type: "admin",
        data: { account_id: account, role: link.role, from: "active", closedOn: "2026-11-14" },
      });
    });
    const changes = (await outboxFor(account)).filter(
      (e) => e.event_type === "AccountStatusChanged",
    );
    expect(changes.map((e) => e.payload.data)).toEqual([
      { id: account, from: "active", to: "closed", closedOn: "2026-11-14" },
    ]);
  });
});
