import { TZDate } from "@date-fns/tz";
import { subMonths } from "date-fns";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as exportOwn } from "@/app/api/customer/export/route";
import { POST as erase } from "@/app/api/staff/customers/[customerId]/erase/route";
import { GET as exportAny } from "@/app/api/staff/customers/[customerId]/export/route";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { now } from "@/lib/clock";
import { READINGS_MONTHS } from "@/lib/domain/export";
import { customerExport } from "@/lib/schemas/export";
import { FOREIGN_UUID } from "./support/demo";
import { read, rest, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

const JOHN = customerId("john-smith");

async function ownExport(user: string) {
  return callRoute(exportOwn, "/api/customer/export", { token: await accessToken(user) });
}

function staffExport(id: string, token: string) {
  return callRoute(exportAny, `/api/staff/customers/${id}/export`, {
    token,
    params: { customerId: id },
  });
}

async function auditRows(id: string) {
  return queryRows<{ action: string; actor_username: string; actor_realm: string }>(
    getDb(),
    sql`SELECT action, actor_username, actor_realm FROM access_audit
        WHERE customer_id = ${id}::uuid ORDER BY id`,
  );
}

describe("GET /api/customer/export", () => {
  it("downloads everything held about the customer as one JSON document", async () => {
    const result = await ownExport("alice");
    expect(result.status).toBe(200);
    expect(result.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-${JOHN}-export.json"`,
    );
    expect(result.headers.get("cache-control")).toBe("private, no-store");
    expect(result.statements).toHaveLength(2);
    const doc = result.body as any;
    expect(customerExport.safeParse(doc).error).toBeUndefined();
    expect(doc).toMatchObject({
      format: "energy-portal.customer-export.v1",
      customerId: JOHN,
      customer: { id: JOHN, email: "john.smith@example.com", first_name: "John", status: "live" },
      preferences: { customer_id: JOHN },
      invitesAccepted: [],
    });
    expect(doc.events.length).toBeGreaterThan(0);
    expect(doc.events.every((e: any) => e.customer_id === JOHN)).toBe(true);
    expect(doc.tariffs).toEqual(expect.any(Array));

    expect(doc.accounts).toHaveLength(1);
    const [account] = doc.accounts;
    expect(account).toMatchObject({ role: "occupier", account: { account_number: "1234567890" } });
    expect(account.bills.length).toBeGreaterThan(0);
    expect(account.payments.length).toBeGreaterThan(0);
    // Blind indexes are the portal's way of finding people, not data about them.
    for (const index of ["email_index", "phone_index", "phone_tail_index"]) {
      expect(doc.customer).not.toHaveProperty(index);
    }
    expect(account.premises[0].premise).not.toHaveProperty("street_index");
    expect(account.premises[0].premise.street).toBe("123 Main Street");
    const [meter] = account.premises[0].meters;
    expect(meter.meter.meter_number).toBe("E-12345678");
    // The window is the 13 months before the export; the seed's reads are fixed in time.
    const [held] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM meter_readings
          WHERE meter_id = ${meter.meter.id}::uuid AND read_at >= ${doc.readingsSince}::timestamptz`,
    );
    expect(meter.readings).toHaveLength(held?.n ?? -1);
    // Exported at the portal's clock; readings from the same instant 13 months earlier.
    expect(doc.exportedAt).toBe(
      now()
        .toISOString()
        .replace(/\.\d{3}Z$/, "Z"),
    );
    const since = Date.parse(doc.readingsSince);
    expect(since).toBe(subMonths(new TZDate(now(), "UTC"), READINGS_MONTHS).getTime());
    expect(meter.readings.every((r: any) => Date.parse(r.read_at) >= since)).toBe(true);
  });

  it("holds nothing of any other customer", async () => {
    const { text } = await ownExport("alice");
    const others = await queryRows<{ id: string; email: string | null }>(
      getDb(),
      sql`SELECT id, email FROM customers WHERE id <> ${JOHN}::uuid`,
    );
    expect(others.length).toBeGreaterThan(5);
    for (const other of others) {
      expect(text).not.toContain(other.id);
      if (other.email) expect(text).not.toContain(other.email);
    }
  });

  it("shows each account what the customer's role there allows", async () => {
    const dana = (await ownExport("dana")).body as any;
    const [billing] = dana.accounts;
    expect(billing.role).toBe("billing");
    expect(billing.bills).toEqual(expect.any(Array));
    const meters = billing.premises.flatMap((p: any) => p.meters);
    expect(meters.length).toBeGreaterThan(0);
    expect(meters.every((m: any) => m.readings === null)).toBe(true);

    expect(customerExport.safeParse(dana).error).toBeUndefined();
    const lena = (await ownExport("lena")).body as any;
    expect(lena.accounts[0]).toMatchObject({ role: "landlord", bills: null, payments: null });
  });

  it("works with the session cookie too, and only for customers", async () => {
    const cookie = await signInWithSession("alice");
    const session = await callRoute(exportOwn, "/api/customer/export", { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(session.body.customerId).toBe(JOHN);
    expect(session.statements).toHaveLength(1);
    const staffer = await callRoute(exportOwn, "/api/customer/export", {
      token: await staff.admin(),
    });
    expect(staffer.status).toBe(403);
    expect((await callRoute(exportOwn, "/api/customer/export")).status).toBe(401);
  });
});

describe("GET /api/staff/customers/{customerId}/export", () => {
  it.each([
    ["csr", staff.csr, "jsmith"],
    ["supervisor", staff.supervisor, "mjones"],
    ["admin", staff.admin, "admin"],
  ])("lets %s export a customer, and audits it", async (_, token, username) => {
    const id = customerId("tom-evans");
    const before = (await auditRows(id)).length;
    const result = await staffExport(id, await token());
    expect(result.status).toBe(200);
    expect(result.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-${id}-export.json"`,
    );
    expect(result.body.customer.id).toBe(id);
    const audit = await auditRows(id);
    expect(audit).toHaveLength(before + 1);
    expect(audit.at(-1)).toEqual({
      action: "gdpr_export",
      actor_username: username,
      actor_realm: "ossrep-internal",
    });
    expect(result.body.accessAudit.at(-1)).toMatchObject({
      action: "gdpr_export",
      actor_username: username,
      resource: `/api/staff/customers/${id}/export`,
    });
  });

  it("is not for read-only staff or customers", async () => {
    const id = customerId("tom-evans");
    const before = (await auditRows(id)).length;
    expect((await staffExport(id, await staff.readonly())).status).toBe(403);
    expect((await staffExport(id, await accessToken("tom"))).status).toBe(403);
    expect(await auditRows(id)).toHaveLength(before);
  });

  it("answers 404 for ids that are unknown or malformed, auditing nothing", async () => {
    const token = await staff.csr();
    const before = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM access_audit`,
    );
    expect((await staffExport(FOREIGN_UUID, token)).status).toBe(404);
    expect((await staffExport("not-a-customer", token)).status).toBe(404);
    expect(await queryRows(getDb(), sql`SELECT count(*)::int AS n FROM access_audit`)).toEqual(
      before,
    );
  });
});

describe("POST /api/staff/customers/{customerId}/erase", () => {
  const eraseAs = (id: string, token: string) =>
    callRoute(erase, `/api/staff/customers/${id}/erase`, {
      method: "POST",
      token,
      params: { customerId: id },
    });

  it("is for admins only", async () => {
    const id = customerId("grace-hall");
    for (const token of [await staff.csr(), await staff.supervisor(), await accessToken("alice")]) {
      expect((await eraseAs(id, token)).status).toBe(403);
    }
    expect(await read(`customers?id=eq.${id}&select=status`)).toEqual([{ status: "live" }]);
  });

  it("refuses the sole occupier of an open account", async () => {
    const result = await eraseAs(JOHN, await staff.admin());
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      code: "conflict",
      detail: expect.stringMatching(/only occupier of open account 1234567890/),
    });
    expect(await read(`customers?id=eq.${JOHN}&select=status`)).toEqual([{ status: "live" }]);
  });

  it("erases an unlinked customer, and answers 404 for one that does not exist", async () => {
    const dana = customerId("dana-price");
    expect((await rest("DELETE", `customer_accounts?customer_id=eq.${dana}`)).status).toBe(204);
    const result = await eraseAs(dana, await staff.admin());
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ customerId: dana, status: "closed" });
    expect(await read(`customers?id=eq.${dana}&select=status,email`)).toEqual([
      { status: "closed", email: null },
    ]);
    expect((await eraseAs(dana, await staff.admin())).status).toBe(409);
    expect((await eraseAs(FOREIGN_UUID, await staff.admin())).status).toBe(404);
  });
});
