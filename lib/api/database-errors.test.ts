import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-errors";

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

  it("does not mistake a failed statement for an outage", () => {
    const uniqueViolation = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(isDatabaseUnavailable(uniqueViolation)).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
