import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAccounts } from "@/app/api/accounts/route";
import { GET as getAccessLog } from "@/app/api/customer/access-log/route";
import { GET as exportOwn } from "@/app/api/customer/export/route";
import { GET as getCustomer } from "@/app/api/customer/route";
import { GET as getOpenApi } from "@/app/api/openapi.json/route";
import { GET as getStaffAudit } from "@/app/api/staff/customers/[customerId]/audit/route";
import { GET as exportAny } from "@/app/api/staff/customers/[customerId]/export/route";
import { POST as startView, DELETE as stopView } from "@/app/api/staff/impersonation/route";
import { getDb, queryRows } from "@/db/client";
import { customerId } from "@/db/seed/static";
import { flushAccessAudit, recordAccess } from "@/lib/domain/access-audit";
import { demo, FOREIGN_UUID } from "./support/demo";
import { rest, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken } from "./support/tokens";

const JOHN = customerId("john-smith");
const TOM = customerId("tom-evans");
const PRIYA = customerId("priya-shah");
const REASON = "Customer asked why the bill went up";

interface AuditRow {
  kind: string;
  action: string;
  actor_realm: string;
  actor_subject: string;
  actor_username: string | null;
  resource: string | null;
  request_id: string | null;
  reason: string | null;
}

/** The audit rows of one customer written after `sinceId`, oldest first (queued ones flushed). */
async function auditSince(customer: string, sinceId: number): Promise<AuditRow[]> {
  await flushAccessAudit();
  return queryRows<AuditRow>(
    getDb(),
    sql`SELECT kind, action, actor_realm, actor_subject, actor_username, resource, request_id, reason
        FROM access_audit WHERE customer_id = ${customer}::uuid AND id > ${sinceId} ORDER BY id`,
  );
}

async function lastId(): Promise<number> {
  await flushAccessAudit();
  const [row] = await queryRows<{ id: number }>(
    getDb(),
    sql`SELECT coalesce(max(id), 0)::int AS id FROM access_audit`,
  );
  return row?.id ?? 0;
}

async function subjectOf(customer: string): Promise<string> {
  const [row] = await queryRows<{ s: string }>(
    getDb(),
    sql`SELECT auth_subject AS s FROM customers WHERE id = ${customer}::uuid`,
  );
  return row?.s ?? "";
}

describe("every read of customer data is recorded", () => {
  it("a customer's own read by bearer token, without a statement more for the request", async () => {
    const since = await lastId();
    const result = await callRoute(getCustomer, "/api/customer", {
      token: await accessToken("alice"),
    });
    expect(result.status).toBe(200);
    expect(result.statements).toHaveLength(1);
    expect(result.overhead.some((s) => /access_audit/.test(s))).toBe(false);
    // Queued, not written, while the request runs.
    expect(await queryRows(getDb(), sql`SELECT 1 FROM access_audit WHERE id > ${since}`)).toEqual(
      [],
    );
    expect(await auditSince(JOHN, since)).toEqual([
      {
        kind: "self",
        action: "read",
        actor_realm: "ossrep",
        actor_subject: await subjectOf(JOHN),
        actor_username: "alice",
        resource: "GET /api/customer",
        request_id: result.headers.get("x-request-id"),
        reason: null,
      },
    ]);
  });

  it("a customer's own read by session cookie", async () => {
    const cookie = await signInWithSession("tom");
    const since = await lastId();
    const result = await callRoute(getAccounts, "/api/accounts", { headers: { cookie } });
    expect(result.status).toBe(200);
    expect(await auditSince(TOM, since)).toMatchObject([
      { kind: "self", action: "read", actor_username: "tom", resource: "GET /api/accounts" },
    ]);
  });

  it("records nothing for a refused read", async () => {
    const since = await lastId();
    const result = await callRoute(getAccounts, "/api/accounts?limit=0", {
      token: await accessToken("tom"),
    });
    expect(result.status).toBe(422);
    expect(await auditSince(TOM, since)).toEqual([]);
  });

  it("records nothing for public entries, whoever calls them", async () => {
    const since = await lastId();
    const result = await callRoute(getOpenApi, "/api/openapi.json", {
      token: await accessToken("tom"),
    });
    expect(result.status).toBe(200);
    expect(await auditSince(TOM, since)).toEqual([]);
  });

  it("a staff export, once, in the export's own transaction", async () => {
    const since = await lastId();
    const result = await callRoute(exportAny, `/api/staff/customers/${TOM}/export`, {
      token: await staff.csr(),
      params: { customerId: TOM },
    });
    expect(result.status).toBe(200);
    expect(await auditSince(TOM, since)).toMatchObject([
      {
        kind: "staff",
        action: "gdpr_export",
        actor_realm: "ossrep-internal",
        actor_username: "jsmith",
        request_id: result.headers.get("x-request-id"),
      },
    ]);
  });

  it("a customer's own export", async () => {
    const since = await lastId();
    const result = await callRoute(exportOwn, "/api/customer/export", {
      token: await accessToken("priya"),
    });
    expect(result.status).toBe(200);
    expect(await auditSince(PRIYA, since)).toMatchObject([
      { kind: "self", action: "read", resource: "GET /api/customer/export" },
    ]);
  });

  it("admin API reads, by the rows read whatever the select, with one statement", async () => {
    const since = await lastId();
    const byName = await rest("GET", `customers?select=name&id=eq.${TOM}`);
    expect(byName.status).toBe(200);
    expect(byName.statements).toHaveLength(1);
    const byAccount = await rest(
      "GET",
      `accounts?select=account_number&id=eq.${demo.accounts.priyaShah}`,
    );
    expect(byAccount.status).toBe(200);
    const noOnes = await rest("GET", "escos?select=code");
    expect(noOnes.status).toBe(200);
    expect(await auditSince(TOM, since)).toMatchObject([
      {
        kind: "admin_api",
        action: "read",
        actor_username: "admin",
        resource: "GET /api/rest/customers",
        request_id: byName.headers.get("x-request-id"),
      },
    ]);
    expect(await auditSince(PRIYA, since)).toMatchObject([
      { kind: "admin_api", resource: "GET /api/rest/accounts" },
    ]);
    const [all] = await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM access_audit WHERE id > ${since}`,
    );
    expect(all?.n).toBe(2);
  });

  it("admin API reads name the customers of embedded rows too", async () => {
    const [esco] = await queryRows<{ code: string }>(
      getDb(),
      sql`SELECT e.code FROM escos e JOIN premises p ON p.esco_id = e.id
          WHERE p.account_id = ${demo.accounts.priyaShah}::uuid LIMIT 1`,
    );
    const expected = await queryRows<{ id: string }>(
      getDb(),
      sql`SELECT DISTINCT ca.customer_id::text AS id FROM escos e
          JOIN premises p ON p.esco_id = e.id JOIN customer_accounts ca ON ca.account_id = p.account_id
          WHERE e.code = ${esco?.code} ORDER BY 1`,
    );
    expect(expected.map((r) => r.id)).toContain(PRIYA);
    const since = await lastId();
    const result = await rest("GET", `escos?select=code,premises(street)&code=eq.${esco?.code}`);
    expect(result.status, result.text).toBe(200);
    expect(result.statements).toHaveLength(1);
    await flushAccessAudit();
    const read = await queryRows<{ id: string }>(
      getDb(),
      sql`SELECT customer_id::text AS id FROM access_audit
          WHERE id > ${since} AND kind = 'admin_api' ORDER BY 1`,
    );
    expect(read.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    // Embedded only to filter, premises are not part of what the read returns.
    const before = await lastId();
    const filterOnly = await rest(
      "GET",
      `escos?select=code,premises()&code=eq.${esco?.code}&premises=not.is.null`,
    );
    expect(filterOnly.status, filterOnly.text).toBe(200);
    expect(await auditSince(PRIYA, before)).toEqual([]);
  });

  it("writes queued records by itself, without being asked", async () => {
    const since = await lastId();
    const actor = { actorRealm: "ossrep-internal", actorSubject: "s-timer", actorUsername: "x" };
    recordAccess({ ...actor, kind: "staff", action: "read", customerId: TOM });
    const written = async () =>
      (
        await queryRows(
          getDb(),
          sql`SELECT 1 FROM access_audit WHERE id > ${since} AND actor_subject = 's-timer'`,
        )
      ).length;
    await expect.poll(written, { timeout: 10_000, interval: 100 }).toBe(1);
  });

  it("drops a record naming no customer without losing the rest of the batch", async () => {
    const since = await lastId();
    const actor = { actorRealm: "ossrep-internal", actorSubject: "s-1", actorUsername: "x" };
    recordAccess({ ...actor, kind: "staff", action: "read", customerId: FOREIGN_UUID });
    recordAccess({ ...actor, kind: "staff", action: "read", customerId: TOM });
    expect(await auditSince(TOM, since)).toMatchObject([{ actor_subject: "s-1" }]);
    expect(await auditSince(FOREIGN_UUID, since)).toEqual([]);
  });
});

describe("viewing as the customer, and the customer's access log", () => {
  let viewing: string;
  let since: number;
  let viewRequestId: string | null;

  beforeAll(async () => {
    since = await lastId();
    const cookie = await signInWithSession("mjones", { provider: "keycloak-staff" });
    const started = await callRoute(startView, "/api/staff/impersonation", {
      method: "POST",
      headers: { cookie },
      body: { customerId: TOM, reason: REASON },
    });
    expect(started.status, started.text).toBe(201);
    viewing = `${cookie}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
    const read = await callRoute(getCustomer, "/api/customer", { headers: { cookie: viewing } });
    expect(read.status).toBe(200);
    viewRequestId = read.headers.get("x-request-id");
    // Reading the log itself while viewing is a read like any other.
    const log = await callRoute(getAccessLog, "/api/customer/access-log", {
      headers: { cookie: viewing },
    });
    expect(log.status).toBe(200);
    const stopped = await callRoute(stopView, "/api/staff/impersonation", {
      method: "DELETE",
      headers: { cookie: viewing },
    });
    expect(stopped.status).toBe(200);
    await callRoute(exportAny, `/api/staff/customers/${TOM}/export`, {
      token: await staff.csr(),
      params: { customerId: TOM },
    });
    await callRoute(getCustomer, "/api/customer", { token: await accessToken("tom") });
  });

  it("records the view's start, each read and its stop with the staff member", async () => {
    const rows = (await auditSince(TOM, since)).filter((r) => r.kind === "impersonation");
    expect(rows.map((r) => [r.action, r.resource])).toEqual([
      ["impersonation_start", null],
      ["impersonation_read", "GET /api/customer"],
      ["impersonation_read", "GET /api/customer/access-log"],
      ["impersonation_stop", null],
    ]);
    expect(rows.every((r) => r.actor_username === "mjones")).toBe(true);
    expect(rows[1]?.request_id).toBe(viewRequestId);
  });

  it("shows the customer staff reads, views with their reason and exports, newest first", async () => {
    await flushAccessAudit();
    const result = await callRoute(getAccessLog, "/api/customer/access-log?limit=100", {
      token: await accessToken("tom"),
    });
    expect(result.status).toBe(200);
    expect(result.statements).toHaveLength(1);
    const entries = result.body.entries as any[];
    expect(entries.some((e) => e.kind === "self")).toBe(false);
    expect(entries[0]).toMatchObject({ kind: "staff", action: "gdpr_export" });
    const view = entries.filter((e) => e.kind === "impersonation");
    expect(view.map((e) => e.action)).toEqual(
      expect.arrayContaining(["impersonation_start", "impersonation_read", "impersonation_stop"]),
    );
    expect(view.every((e) => e.reason === REASON && e.actorUsername === "mjones")).toBe(true);
    const times = entries.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("holds no other customer's entries", async () => {
    const tom = await callRoute(getAccessLog, "/api/customer/access-log?limit=100", {
      token: await accessToken("tom"),
    });
    const priya = await callRoute(getAccessLog, "/api/customer/access-log?limit=100", {
      token: await accessToken("priya"),
    });
    expect(priya.status).toBe(200);
    const tomIds = new Set((tom.body.entries as any[]).map((e) => e.id));
    expect((priya.body.entries as any[]).some((e) => tomIds.has(e.id))).toBe(false);
    expect((priya.body.entries as any[]).some((e) => e.reason === REASON)).toBe(false);
  });

  it("pages with a cursor, without repeating or skipping", async () => {
    const token = await accessToken("tom");
    const all = await callRoute(getAccessLog, "/api/customer/access-log?limit=100", { token });
    const seen: string[] = [];
    let path: string | null = "/api/customer/access-log?limit=2";
    while (path) {
      const page: any = await callRoute(getAccessLog, path, { token });
      expect(page.status).toBe(200);
      seen.push(...page.body.entries.map((e: any) => e.id));
      path = page.body.next;
    }
    expect(seen).toEqual((all.body.entries as any[]).map((e) => e.id));
    expect(seen.length).toBeGreaterThan(2);
  });

  it("refuses a cursor it did not issue and a limit out of range", async () => {
    const token = await accessToken("tom");
    const bad = await callRoute(getAccessLog, "/api/customer/access-log?cursor=bm9wZQ", { token });
    expect(bad.status).toBe(422);
    const big = await callRoute(getAccessLog, "/api/customer/access-log?limit=1000", { token });
    expect(big.status).toBe(422);
  });

  it("is for customers: staff get 403", async () => {
    const result = await callRoute(getAccessLog, "/api/customer/access-log", {
      token: await staff.supervisor(),
    });
    expect(result.status).toBe(403);
  });
});

describe("a supervisor's audit of a customer", () => {
  const auditOf = (id: string, token: string, query = "") =>
    callRoute(getStaffAudit, `/api/staff/customers/${id}/audit${query}`, {
      token,
      params: { customerId: id },
    });

  it("lists every access, the customer's own included", async () => {
    await callRoute(getCustomer, "/api/customer", { token: await accessToken("alice") });
    await flushAccessAudit();
    const result = await auditOf(JOHN, await staff.supervisor(), "?limit=100");
    expect(result.status).toBe(200);
    const kinds = new Set((result.body.entries as any[]).map((e) => e.kind));
    expect(kinds.has("self")).toBe(true);
    expect(result.body.entries[0]).toMatchObject({ actorUsername: "alice", action: "read" });
  });

  it("is recorded as a staff read of that customer", async () => {
    const since = await lastId();
    const result = await auditOf(JOHN, await staff.supervisor());
    expect(result.status).toBe(200);
    expect(await auditSince(JOHN, since)).toMatchObject([
      {
        kind: "staff",
        actor_username: "mjones",
        resource: `GET /api/staff/customers/${JOHN}/audit`,
      },
    ]);
  });

  it("is not for other staff roles or customers", async () => {
    for (const token of [await staff.csr(), await staff.readonly(), await staff.admin()]) {
      expect((await auditOf(JOHN, token)).status).toBe(403);
    }
    expect((await auditOf(JOHN, await accessToken("alice"))).status).toBe(403);
  });

  it("answers 404 for an unknown or malformed customer id", async () => {
    const token = await staff.supervisor();
    expect((await auditOf(FOREIGN_UUID, token)).status).toBe(404);
    expect((await auditOf("nope", token)).status).toBe(404);
  });
});
