import { describe, expect, it } from "vitest";
import { jsonResponse } from "./json-response";

describe("jsonResponse", () => {
  it("answers the body and the extra fields as one JSON object", async () => {
    const body = { meterId: "m1", buckets: [{ consumption: 1.5 }], note: 'say "hi"' };
    const response = jsonResponse(
      body,
      { next: "/api/x?cursor=a" },
      { headers: { vary: "Accept" } },
    );
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("vary")).toBe("Accept");
    expect(await response.json()).toEqual({ ...body, next: "/api/x?cursor=a" });
  });

  it("reuses the body's JSON for the same object, with each answer's own extras", async () => {
    const body = { a: 1 };
    expect(await jsonResponse(body, { next: null }).json()).toEqual({ a: 1, next: null });
    expect(await jsonResponse(body, { next: "b" }).json()).toEqual({ a: 1, next: "b" });
  });

  it("handles an empty body and leaves the body's own fields alone", async () => {
    expect(await jsonResponse({}, { next: "x" }).json()).toEqual({ next: "x" });
    expect(await jsonResponse({ next: "kept" }, { next: "x" }).json()).toEqual({ next: "kept" });
  });
});
