import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeAccountAction } from "@/app/(staff)/staff/(console)/customers/[customerId]/actions";
import { createInviteAction } from "@/app/(staff)/staff/(console)/invites/actions";
import { POST as acceptLink, GET as openLink } from "@/app/invite/[token]/route";
import { getDb, queryRows } from "@/db/client";
import { accountId, customerId } from "@/db/seed/static";
import type { ActionState } from "@/lib/invites/form-state";
import { proxy } from "@/proxy";
import { callAction } from "./support/actions";
import { demo } from "./support/demo";
import { accept } from "./support/invite-links";
import { invite } from "./support/invites";
import { limitTo, restoreLimits } from "./support/limits";
import { auditOf, read, rest } from "./support/rest";
import { callRoute } from "./support/routes";
import { signInWithSession, signOutSession } from "./support/session";
import { stopViewing, viewAs } from "./support/views";

const JOHN = customerId("john-smith");
const FOREIGN = "http://localhost:9999";

/**
 * Each guard of the request pipeline, through each kind of door. The combinations tested
 * elsewhere are listed rather than repeated:
 * - same origin: route handlers, /api/rest and invitation acceptance in request-pipeline.test.ts;
 * - read-only during a view: every route handler in impersonation.test.ts, /api/rest in
 *   request-pipeline.test.ts;
 * - revocation: route handlers in request-pipeline.test.ts;
 * - rate limits: route handlers, /api/rest and invitation links in rate-limits.test.ts;
 * - unstorable text: route handlers and /api/rest in request-pipeline.test.ts.
 * Server actions run in Next.js's request scope (support/actions.ts), through the real action.
 */

/** The staff console's "Send invitation" form. */
function inviteForm(email: string): FormData {
  const form = new FormData();
  form.set("accountNumber", "7777777777");
  form.set("role", "agent");
  form.set("email", email);
  return form;
}

const sendInvite = (cookie: string, email: string, headers: Record<string, string> = {}) =>
  callAction(() => createInviteAction({ status: "idle" } as ActionState, inviteForm(email)), {
    cookie,
    headers,
  });

/** Invitations sent so far: a refused action sends none. */
async function inviteCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    getDb(),
    sql`SELECT count(*)::int AS n FROM customer_invites`,
  );
  return row?.n ?? 0;
}

async function isAccepted(inviteId: string): Promise<boolean> {
  const [row] = await queryRows<{ accepted: boolean }>(
    getDb(),
    sql`SELECT accepted_at IS NOT NULL AS accepted FROM customer_invites WHERE id = ${inviteId}::uuid`,
  );
  if (!row) throw new Error(`No invitation ${inviteId}`);
  return row.accepted;
}

/** Runs a refused action and checks that it sent nothing. */
async function sendsNothing(send: () => Promise<{ state?: ActionState }>): Promise<ActionState> {
  const before = await inviteCount();
  const { state } = await send();
  expect(await inviteCount()).toBe(before);
  if (!state) throw new Error("The action redirected instead of answering its form");
  return state;
}

afterEach(restoreLimits);

describe("every guard refuses at every door", () => {
  let admin: string;

  beforeAll(async () => {
    admin = await signInWithSession("admin", { provider: "keycloak-staff" });
  });

  it("the action works when no guard objects", async () => {
    const before = await inviteCount();
    const sent = await sendInvite(admin, "guards.allowed@example.com");
    expect(sent.state?.status, sent.state?.message).toBe("done");
    expect(await inviteCount()).toBe(before + 1);
  });

  describe("same origin", () => {
    it("refuses a server action posted from another origin with 403 problem+json", async () => {
      const req = new NextRequest(new URL("/staff/invites", "http://localhost:3999"), {
        method: "POST",
        headers: { cookie: admin, origin: FOREIGN, "next-action": "0123abcd" },
        body: "[]",
      });
      const response = await proxy(req, {} as never);
      expect(response.status).toBe(403);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json()).code).toBe("forbidden");
    });
  });

  describe("read-only during a view as a customer", () => {
    let viewing: string;

    beforeAll(async () => {
      viewing = await viewAs(
        await signInWithSession("jsmith", { provider: "keycloak-staff" }),
        JOHN,
      );
    });

    it("refuses accepting an invitation as the customer being viewed", async () => {
      const link = await invite({
        account_id: demo.accounts.retail,
        role: "agent",
        email: "john.smith@example.com",
      });
      const refused = await accept(link.token, viewing);
      expect(refused.status).toBe(403);
      expect(refused.text).toContain("cannot make changes");
      expect(await isAccepted(link.id)).toBe(false);
    });

    it("refuses a server action of a member of staff with a view open", async () => {
      const adminViewing = await viewAs(admin, JOHN);
      try {
        const refused = await sendsNothing(() =>
          sendInvite(adminViewing, "guards.readonly@example.com"),
        );
        expect(refused).toMatchObject({
          status: "error",
          message: "Stop viewing the portal as a customer before making changes.",
        });
        // Their other session is refused just the same.
        const other = await signInWithSession("admin", { provider: "keycloak-staff" });
        const fromOther = await sendsNothing(() =>
          sendInvite(other, "guards.readonly@example.com"),
        );
        expect(fromOther.message).toBe(refused.message);
      } finally {
        expect((await stopViewing(adminViewing)).status).toBe(200);
      }
    });
  });

  describe("revoked sessions", () => {
    let ended: string;
    let endedAdmin: string;

    beforeAll(async () => {
      ended = await signInWithSession("alice");
      await signOutSession(ended);
      endedAdmin = await signInWithSession("admin", { provider: "keycloak-staff" });
      await signOutSession(endedAdmin);
    });

    it("answer 401 on /api/rest, in PostgREST's shape", async () => {
      const live = await rest("GET", "customers?select=id&limit=1", {
        anonymous: true,
        headers: { cookie: admin },
      });
      expect(live.status).toBe(200);
      const result = await rest("GET", "customers?select=id", {
        anonymous: true,
        headers: { cookie: endedAdmin },
      });
      expect(result.status).toBe(401);
      // PostgREST's code for a request without valid credentials.
      expect(result.body).toMatchObject({ code: "PGRST302" });
    });

    it("are sent to sign in again from an invitation, which stays open", async () => {
      const link = await invite({
        account_id: demo.accounts.retail,
        role: "agent",
        email: "guards.revoked.link@example.com",
      });
      const result = await accept(link.token, ended);
      expect(result.status).toBe(303);
      expect(result.headers.get("location")).toBe(`/invite/${link.token}/accept`);
      expect(await isAccepted(link.id)).toBe(false);
    });

    it("are refused by server actions", async () => {
      const refused = await sendsNothing(() =>
        sendInvite(endedAdmin, "guards.revoked.action@example.com"),
      );
      expect(refused).toMatchObject({
        status: "error",
        message: "Sign in or send a bearer token.",
      });
    });
  });

  describe("rate limits", () => {
    it("refuse a server action past its limit, per member of staff", async () => {
      limitTo("RATE_LIMIT_INVITE", "1/60");
      expect((await sendInvite(admin, "guards.limit.1@example.com")).state?.status).toBe("done");
      const limited = await sendsNothing(() => sendInvite(admin, "guards.limit.2@example.com"));
      expect(limited.status).toBe("error");
      expect(limited.message).toMatch(/^Too many requests\. Try again in \d+ s\.$/);
    });
  });

  describe("unstorable text and malformed paths", () => {
    it("refuse a server action whose field holds a NUL, naming the field", async () => {
      const bad = "A\u0000B";
      const state = await sendsNothing(() => sendInvite(admin, `guards.${bad}@example.com`));
      expect(state).toEqual({
        status: "error",
        message: 'The field "email" holds characters that cannot be stored.',
        fieldErrors: { email: "Remove the NUL character or unpaired surrogate" },
      });

      // A console action that shows the message alone: the account stays open.
      const account = accountId("4400000003");
      const form = new FormData();
      form.set("accountId", account);
      form.set("customerId", customerId("grace-hall"));
      form.set("closedOn", bad);
      const closed = await callAction(() => closeAccountAction({}, form), { cookie: admin });
      expect(closed.state).toEqual({
        error: 'The field "closedOn" holds characters that cannot be stored.',
      });
      expect(await read(`accounts?id=eq.${account}&select=status,closed_on`)).toEqual([
        { status: "active", closed_on: null },
      ]);
      expect(await auditOf(customerId("grace-hall"), "AccountClosed")).toEqual([]);
    });

    it("never hand a server action a lone surrogate: form data holds U+FFFD instead", async () => {
      // FormData values are USVStrings (and a request body cannot encode a lone surrogate), so
      // "\uD800" arrives as the replacement character, which the database stores; the action's
      // own schema judges it like any other character.
      const form = new FormData();
      form.set("email", "\uD800");
      expect(form.get("email")).toBe("\uFFFD");
      const state = await sendsNothing(() => sendInvite(admin, "guards.\uD800@example.com"));
      expect(state.fieldErrors).toEqual({ email: "Enter a valid email address" });
    });

    it.each([
      ["GET", "opening", openLink],
      ["POST", "accepting", acceptLink],
    ] as const)("are refused on %s of invitation links (%s)", async (method, _, handler) => {
      const malformed = await callRoute(handler, "/invite/%FF", {
        method,
        params: { token: "%FF" },
        headers: { accept: "text/html" },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get("content-type")).toContain("text/html");
      const nul = await callRoute(handler, `/invite/${"x".repeat(43)}?from=a%00b`, {
        method,
        params: { token: "x".repeat(43) },
        headers: { accept: "text/html" },
      });
      expect(nul.status).toBe(422);
    });
  });
});
