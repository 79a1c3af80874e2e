import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiFetch } from "./api-client";

interface Sent {
  method: string;
  key: string | null;
  body: unknown;
}

/** A stand-in for the network: answers each call with the next of `answers` (an Error throws). */
function network(...answers: (Response | Error)[]) {
  const sent: Sent[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (_path: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      sent.push({
        method: String(init.method),
        key: headers.get("idempotency-key"),
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      });
      const answer = answers.shift();
      if (!answer) throw new Error("no more answers");
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  );
  return sent;
}

const ok = (body: unknown) => Response.json(body);
const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  Response.json({ status, code, title: code }, { status, headers });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("apiFetch", () => {
  it("sends every write with a fresh Idempotency-Key, and reads without one", async () => {
    const sent = network(ok({ a: 1 }), ok({ a: 2 }), ok({ a: 3 }));
    await apiFetch("/api/customer", { method: "PUT", body: { firstName: "A" } });
    await apiFetch("/api/customer", { method: "PUT", body: { firstName: "A" } });
    await apiFetch("/api/customer");
    expect(sent[0]?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent[1]?.key).toMatch(/^[0-9a-f]{32}$/);
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
    expect(sent[2]).toMatchObject({ method: "GET", key: null });
  });

  it("sends a write again once, with the same key, after a network error", async () => {
    const sent = network(new TypeError("Failed to fetch"), ok({ nickname: "Home" }));
    const answer = await apiFetch("/api/accounts/1", { method: "PUT", body: { nickname: "Home" } });
    expect(answer).toEqual({ nickname: "Home" });
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it("sends a write again once after a 503, then gives up with the problem", async () => {
    const sent = network(
      problem(503, "database_unavailable", { "retry-after": "0.01" }),
      problem(503, "database_unavailable"),
    );
    const failed = apiFetch("/api/preferences", { method: "PUT", body: {} });
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ status: 503 });
    expect(sent).toHaveLength(2);
    expect(sent[1]?.key).toBe(sent[0]?.key);
  });

  it("sends a write again while the first is still in progress, but not after other refusals", async () => {
    const retried = network(
      problem(409, "idempotency_key_in_progress", { "retry-after": "0.01" }),
      ok({ done: true }),
    );
    expect(await apiFetch("/api/x", { method: "POST" })).toEqual({ done: true });
    expect(retried).toHaveLength(2);

    const conflict = network(problem(409, "conflict"));
    await expect(apiFetch("/api/x", { method: "POST" })).rejects.toMatchObject({ status: 409 });
    expect(conflict).toHaveLength(1);
    const invalid = network(problem(422, "validation_failed"));
    await expect(apiFetch("/api/x", { method: "PUT", body: {} })).rejects.toMatchObject({
      status: 422,
    });
    expect(invalid).toHaveLength(1);
  });

  it("does not retry a read that failed on the network", async () => {
    const sent = network(new TypeError("Failed to fetch"));
    await expect(apiFetch("/api/customer")).rejects.toThrow("Failed to fetch");
    expect(sent).toHaveLength(1);
  });
});
