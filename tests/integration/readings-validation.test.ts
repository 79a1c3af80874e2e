import { describe, expect, it } from "vitest";
import { getReadings, meterOf, type Query } from "./support/readings";

const alicesMeter = meterOf("E-12345678");
const march = { from: "2026-03-01", to: "2026-03-08" };

async function expectInvalid(query: Query, field: string, code?: string) {
  const result = await getReadings("alice", alicesMeter, query);
  expect(result.status, JSON.stringify(query)).toBe(422);
  expect(result.headers.get("content-type")).toBe("application/problem+json");
  expect(result.body).toMatchObject({ code: "validation_failed", status: 422 });
  expect(result.body.errors, JSON.stringify(query)).toContainEqual(
    expect.objectContaining({ field, ...(code ? { code } : {}) }),
  );
  // Nothing reached the database: a bad request costs no query.
  expect(result.statements).toEqual([]);
  return result.body.errors;
}

describe("invalid readings queries answer 422 with the field at fault", () => {
  it("limits pages to 1..5000 whole reads or buckets", async () => {
    await expectInvalid({ ...march, limit: 5001 }, "limit", "too_big");
    await expectInvalid({ ...march, limit: 0 }, "limit", "too_small");
    await expectInvalid({ ...march, limit: 2.5 }, "limit");
    await expectInvalid({ ...march, limit: "ten" }, "limit");
    const ok = await getReadings("alice", alicesMeter, { ...march, limit: 5000 });
    expect(ok.status).toBe(200);
  });

  it("refuses dates that are not calendar dates or date-times without an offset", async () => {
    await expectInvalid({ from: "2026-02-30", to: "2026-03-08" }, "from");
    await expectInvalid({ from: "2026-03-01", to: "2026-13-01" }, "to");
    await expectInvalid({ from: "yesterday", to: "2026-03-08" }, "from");
    await expectInvalid({ from: "2026-03-01T00:00:00", to: "2026-03-08T00:00:00" }, "from");
  });

  it("needs both bounds, of one form", async () => {
    await expectInvalid({ from: "2026-03-01" }, "to", "required");
    await expectInvalid({ to: "2026-03-01" }, "from", "required");
    await expectInvalid(
      { from: "2026-03-01", to: "2026-03-08T00:00:00Z" },
      "to",
      "mismatched_bounds",
    );
  });

  it("needs from before to and at most 400 days between them", async () => {
    await expectInvalid({ from: "2026-03-08", to: "2026-03-01" }, "to", "out_of_range");
    await expectInvalid({ from: "2026-03-08", to: "2026-03-08" }, "to", "out_of_range");
    await expectInvalid(
      { from: "2026-03-01T12:00:00+01:00", to: "2026-03-01T10:00:00Z" },
      "to",
      "out_of_range",
    );
    await expectInvalid({ from: "2025-01-01", to: "2026-02-06" }, "to", "out_of_range");
  });

  it("accepts only the listed groupings, orders and formats", async () => {
    await expectInvalid({ ...march, groupBy: "year" }, "groupBy");
    await expectInvalid({ ...march, order: "newest" }, "order");
    await expectInvalid({ ...march, format: "xml" }, "format");
  });

  it("refuses parameters it does not know", async () => {
    await expectInvalid({ ...march, page: 2 }, "page", "unrecognized_field");
    await expectInvalid({ ...march, meterId: alicesMeter }, "meterId", "unrecognized_field");
  });

  it("refuses cursors it did not issue, or issued for another query", async () => {
    await expectInvalid({ ...march, cursor: "not-a-cursor" }, "cursor", "invalid_cursor");
    await expectInvalid(
      { ...march, cursor: Buffer.from('["x"]').toString("base64url") },
      "cursor",
      "invalid_cursor",
    );
    await expectInvalid({ ...march, cursor: "a".repeat(600) }, "cursor");
    const first = await getReadings("alice", alicesMeter, { ...march, limit: 10 });
    const cursor = new URL(first.body.next, "http://localhost").searchParams.get("cursor") ?? "";
    await expectInvalid({ ...march, limit: 10, order: "desc", cursor }, "cursor", "invalid_cursor");
    await expectInvalid({ ...march, groupBy: "day", cursor }, "cursor", "invalid_cursor");
    await expectInvalid(
      { from: "2026-03-02", to: "2026-03-08", cursor },
      "cursor",
      "invalid_cursor",
    );
    // The same query with another page size may go on from it.
    const next = await getReadings("alice", alicesMeter, { ...march, limit: 3, cursor });
    expect(next.status).toBe(200);
    expect(next.body.readings[0].readAt).toBe("2026-03-01T11:30:00Z");
  });

  it("reports every bad field at once", async () => {
    const errors = await expectInvalid(
      { from: "nope", to: "2026-03-08", limit: 0, groupBy: "year", extra: 1 },
      "from",
    );
    expect(errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ["extra", "from", "groupBy", "limit"].sort(),
    );
  });
});
