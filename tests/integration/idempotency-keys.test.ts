import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createInviteAction } from "@/app/(staff)/staff/(console)/invites/actions";
import { PUT as putAccount } from "@/app/api/accounts/[accountId]/route";
import { POST as postReadings } from "@/app/api/ingest/readings/route";
import { PUT as putPreferences } from "@/app/api/preferences/route";
import { POST as closeAccount } from "@/app/api/staff/accounts/[accountId]/close/route";
import { getDb, queryRows } from "@/db/client";
import { accountId, meterId } from "@/db/seed/static";
import { purgeIdempotencyKeys } from "@/lib/domain/idempotency";
import type { ActionState } from "@/lib/invites/form-state";
import { blindIndex } from "@/lib/pii";
import { callAction } from "./support/actions";
import { demo } from "./support/demo";
import { ndjson } from "./support/feeds";
import { latestRead } from "./support/readings";
import { rest, staff } from "./support/rest";
import { callRoute } from "./support/routes";
import { signInWithSession } from "./support/session";
import { accessToken, serviceToken } from "./support/tokens";

const representation = { prefer: "return=representation" };

function createCustomer(email: string, key?: string, name = "Idem Potent") {
  return rest("POST", "customers?select=id,email,first_name,last_name,status", {
    body: { email, name },
    headers: { ...representation, ...(key === undefined ? {} : { "idempotency-key": key }) },
  });
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: number }>(getDb(), query);
  return row?.n ?? 0;
}

const customersWith = (email: string) =>
  count(
    sql`SELECT count(*)::int AS n FROM customers WHERE email_index = ${blindIndex("email", email)}`,
  );

const createdEventsFor = (customerId: string) =>
  count(
    sql`SELECT count(*)::int AS n FROM outbox
        WHERE event_type = 'CustomerCreated' AND aggregate_id = ${customerId}::uuid`,
  );

const keysNamed = (key: string) =>
  count(sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ${key}`);

async function renameAccount(user: string, nickname: unknown, key: string) {
  return callRoute(putAccount, "/api/accounts/x", {
    token: await accessToken(user),
    method: "PUT",
    body: { nickname },
    params: { accountId: demo.accounts.johnSmith },
    headers: { "idempotency-key": key },
  });
}

describe("Idempotency-Key on the API's writes", () => {
  it("answers a retry with the first answer, exactly, and applies the write once", async () => {
    const email = "idem.replay@example.com";
    const first = await createCustomer(email, "replay-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotency-replayed")).toBeNull();
    const again = await createCustomer(email, "replay-1");
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(again.headers.get("idempotency-replayed")).toBe("true");

    expect(await customersWith(email)).toBe(1);
    const [created] = first.body as { id: string }[];
    expect(await createdEventsFor(created?.id as string)).toBe(1);
    // Without the key the same request is a new write, refused as a duplicate email.
    expect((await createCustomer(email)).status).toBe(409);
  });

  it("stores the answer encrypted: the personal data it holds is not readable in the table", async () => {
    const email = "idem.sealed@example.com";
    expect((await createCustomer(email, "sealed-1")).status).toBe(201);
    const [row] = await queryRows<{ answer: string; status: number }>(
      getDb(),
      sql`SELECT answer, status FROM idempotency_keys WHERE key = 'sealed-1'`,
    );
    expect(row?.status).toBe(201);
    expect(row?.answer).toMatch(/^v1:/);
    expect(row?.answer).not.toContain("idem.sealed");
  });

  it("refuses the same key with another body with 422, applying nothing", async () => {
    expect((await createCustomer("idem.first@example.com", "mismatch-1")).status).toBe(201);
    const other = await createCustomer("idem.second@example.com", "mismatch-1");
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_mismatch");
    expect(await customersWith("idem.second@example.com")).toBe(0);
  });

  it("refuses a key that is empty, too long or not printable ASCII with 400", async () => {
    for (const key of [" ", "k".repeat(256), "clé"]) {
      const result = await createCustomer("idem.invalid@example.com", key);
      expect(result.status, key).toBe(400);
      expect(result.body.code).toBe("idempotency_key_invalid");
    }
    expect(await customersWith("idem.invalid@example.com")).toBe(0);
    const longest = await createCustomer("idem.longest@example.com", "k".repeat(255));
    expect(longest.status).toBe(201);
  });

  it("applies two identical requests sent at once only once", async () => {
    const email = "idem.concurrent@example.com";
    const results = await Promise.all([
      createCustomer(email, "concurrent-1"),
      createCustomer(email, "concurrent-1"),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The second either waits for nothing (the first still runs: 409, retry later) or replays.
    expect([
      [201, 201],
      [201, 409],
    ]).toContainEqual(statuses);
    const busy = results.find((r) => r.status === 409);
    if (busy) {
      expect(busy.body.code).toBe("idempotency_key_in_progress");
      expect(busy.headers.get("retry-after")).toBe("1");
      const retried = await createCustomer(email, "concurrent-1");
      expect(retried.status).toBe(201);
      expect(retried.headers.get("idempotency-replayed")).toBe("true");
    }
    expect(await customersWith(email)).toBe(1);
  });

  it("answers 409 while the first request with the key still holds it, and replays once it is done", async () => {
    const token = await staff.admin();
    const { sub } = JSON.parse(Buffer.from(token.split(".")[1] as string, "base64url").toString());
    const name = JSON.stringify([`staff:${sub}`, "POST", "/api/rest/customers", "held-1"]);
    const email = "idem.held@example.com";
    // Another transaction holds the key's lock, as the first request does while it runs.
    await getDb().transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
      const busy = await createCustomer(email, "held-1");
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe("idempotency_key_in_progress");
      expect(busy.headers.get("retry-after")).toBe("1");
    });
    expect(await customersWith(email)).toBe(0);
    const first = await createCustomer(email, "held-1");
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotency-replayed")).toBeNull();
  });

  it("scopes a key to its principal: another caller's key is neither replayed nor refused", async () => {
    const key = "scoped-1";
    const alice = await callRoute(putPreferences, "/api/preferences", {
      token: await accessToken("alice"),
      method: "PUT",
      body: { billDelivery: "paper" },
      headers: { "idempotency-key": key },
    });
    expect(alice.status).toBe(200);
    const bob = await callRoute(putPreferences, "/api/preferences", {
      token: await accessToken("bob"),
      method: "PUT",
      body: { billDelivery: "both" },
      headers: { "idempotency-key": key },
    });
    expect(bob.status).toBe(200);
    expect(bob.headers.get("idempotency-replayed")).toBeNull();
    expect(bob.body).toMatchObject({ billDelivery: "both" });
    expect(alice.body).toMatchObject({ billDelivery: "paper" });
    expect(await keysNamed(key)).toBe(2);
  });

  it("does not keep a refusal: a retry with the same key is judged again", async () => {
    const key = "refused-1";
    const refused = await renameAccount("alice", "x".repeat(61), key);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("validation_failed");
    expect(await keysNamed(key)).toBe(0);
    // Not a mismatch: nothing was kept for the key, so a corrected body is a first request.
    const fixed = await renameAccount("alice", "Idem cottage", key);
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({ nickname: "Idem cottage" });
    expect(await keysNamed(key)).toBe(1);
    const replayed = await renameAccount("alice", "Idem cottage", key);
    expect(replayed.headers.get("idempotency-replayed")).toBe("true");
    expect(replayed.text).toBe(fixed.text);
  });
});

describe("Idempotency-Key on the staff API", () => {
  it("answers a repeated move-out with its first answer, closing the account once", async () => {
    const account = accountId("4400000002");
    const close = async (key?: string) =>
      callRoute(closeAccount, `/api/staff/accounts/${account}/close`, {
        method: "POST",
        token: await staff.admin(),
        body: {},
        params: { accountId: account },
        headers: key ? { "idempotency-key": key } : {},
      });
    const closures = () =>
      count(
        sql`SELECT count(*)::int AS n FROM outbox
            WHERE event_type = 'AccountStatusChanged' AND aggregate_id = ${account}::uuid`,
      );
    const before = await closures();
    const first = await close("move-out-1");
    expect(first.status, first.text).toBe(200);
    const again = await close("move-out-1");
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(await closures()).toBe(before + 1);
    // Without the key, the same request is judged again: the account is closed already.
    expect((await close()).status).toBe(409);
  });
});

describe("Idempotency-Key on the feeds", () => {
  it("replays a feed's first outcome to a retry with its key", async () => {
    const last = await latestRead(meterId("E-12345678"));
    const lines = [1, 2].map((n) => ({
      meterNumber: "E-12345678",
      readAt: new Date(last.at + n * 30 * 60_000).toISOString(),
      value: Number((last.register + n * 0.5).toFixed(3)),
    }));
    const send = async (key: string) =>
      callRoute(postReadings, "/api/ingest/readings", {
        method: "POST",
        token: await serviceToken("meter-service"),
        body: ndjson(lines),
        headers: { "content-type": "application/x-ndjson", "idempotency-key": key },
      });
    const first = await send("feed-1");
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ accepted: 2, duplicates: 0 });
    const again = await send("feed-1");
    expect(again.headers.get("idempotency-replayed")).toBe("true");
    expect(again.text).toBe(first.text);
    // A new key is a new delivery: the feed itself finds the lines already held.
    expect((await send("feed-2")).body).toMatchObject({ accepted: 0, duplicates: 2 });
  });
});

describe("Idempotency keys of the portal's forms", () => {
  let admin: string;

  beforeAll(async () => {
    admin = await signInWithSession("admin", { provider: "keycloak-staff" });
  });

  const invitations = () => count(sql`SELECT count(*)::int AS n FROM customer_invites`);

  function inviteForm(email: string, key: string): FormData {
    const form = new FormData();
    form.set("accountNumber", "7777777777");
    form.set("role", "agent");
    form.set("email", email);
    form.set("idempotencyKey", key);
    return form;
  }

  const send = (email: string, key: string) =>
    callAction(
      () => createInviteAction({ status: "idle" } as ActionState, inviteForm(email, key)),
      {
        cookie: admin,
      },
    );

  it("answers a form submitted twice with its first result, sending one invitation", async () => {
    const before = await invitations();
    const first = await send("idem.invite@example.com", "form-1");
    expect(first.state?.status, first.state?.message).toBe("done");
    const again = await send("idem.invite@example.com", "form-1");
    expect(again.state).toEqual(first.state);
    expect(await invitations()).toBe(before + 1);
    // Another render of the form has another key: a new invitation.
    const next = await send("idem.invite.2@example.com", "form-2");
    expect(next.state?.status).toBe("done");
    expect(await invitations()).toBe(before + 2);
  });

  it("refuses the key with other fields, and keeps no refused submission", async () => {
    const before = await invitations();
    const refused = await send("not-an-email", "form-3");
    expect(refused.state?.status).toBe("error");
    expect(await keysNamed("form-3")).toBe(0);
    expect((await send("idem.invite.3@example.com", "form-3")).state?.status).toBe("done");
    const other = await send("idem.invite.4@example.com", "form-3");
    expect(other.state).toMatchObject({
      status: "error",
      message: expect.stringContaining("another request"),
    });
    expect(await invitations()).toBe(before + 1);
  });
});

describe("purging keys", () => {
  it("removes keys older than 24 hours and keeps the rest", async () => {
    await getDb().execute(sql`
      INSERT INTO idempotency_keys (principal, method, route, key, fingerprint, status, answer, created_at)
      VALUES ('customer:old', 'PUT', '/api/x', 'purge-old', 'f', 200, 'v1:x', portal_now() - interval '25 hours'),
             ('customer:old', 'PUT', '/api/x', 'purge-new', 'f', 200, 'v1:x', portal_now() - interval '23 hours')`);
    expect(await purgeIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await keysNamed("purge-old")).toBe(0);
    expect(await keysNamed("purge-new")).toBe(1);
  });

  it("treats an expired key as unused: the request runs again", async () => {
    const email = "idem.expired@example.com";
    expect((await createCustomer(email, "expired-1")).status).toBe(201);
    await getDb().execute(
      sql`UPDATE idempotency_keys SET created_at = portal_now() - interval '25 hours' WHERE key = 'expired-1'`,
    );
    const again = await createCustomer(email, "expired-1");
    expect(again.status).toBe(409);
    expect(again.headers.get("idempotency-replayed")).toBeNull();
  });
});
