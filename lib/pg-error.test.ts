import { describe, expect, it } from "vitest";
import { AppError, databaseUnavailable, problemResponse } from "./errors";
import { isDatabaseUnavailable } from "./pg-error";

describe("isDatabaseUnavailable", () => {
  it("recognises a refused connection, however deeply it is wrapped", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: refused }))).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new AggregateError([refused]), { code: undefined })),
    ).toBe(true);
  });

  it("recognises the server shutting down or starting, and connections it closed", () => {
    for (const code of [
      "57P01",
      "57P03",
      "CONNECT_TIMEOUT",
      "CONNECTION_ENDED",
      "CONNECTION_CLOSED",
    ])
      expect(isDatabaseUnavailable(Object.assign(new Error(code), { code }))).toBe(true);
  });

  it("recognises the pool refusing to wait, wrapped by the query builder", () => {
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: databaseUnavailable() }))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new AppError("conflict"))).toBe(false);
  });

  it("does not mistake a failed statement for an outage", () => {
    const uniqueViolation = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(isDatabaseUnavailable(uniqueViolation)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    // A statement cancelled on purpose is not an outage.
    expect(isDatabaseUnavailable(Object.assign(new Error("cancel"), { code: "57014" }))).toBe(
      false,
    );
  });
});

describe("databaseUnavailable", () => {
  it("answers 503 problem+json that tells the client when to retry", async () => {
    const response = problemResponse(databaseUnavailable());
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "database_unavailable", status: 503 });
  });
});
