import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  chooseRepresentation,
  decodeReadingsCursor,
  defaultLimit,
  encodeReadingsCursor,
  type ReadingsQuery,
  resolveReadingsRequest,
  resolveWindow,
} from "./readings-request";

function fieldErrorsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(422);
    return appError.errors;
  }
  throw new Error("expected a validation error");
}

describe("the readings window", () => {
  it("asks for the latest window when no bounds are given", () => {
    expect(resolveWindow()).toEqual({ kind: "latest" });
  });

  it("keeps dates as local days and date-times as given", () => {
    expect(resolveWindow("2026-03-01", "2026-04-01")).toEqual({
      kind: "date",
      from: "2026-03-01",
      to: "2026-04-01",
    });
    expect(resolveWindow("2026-03-08T00:00:00-06:00", "2026-03-09T00:00:00.000001-05:00")).toEqual({
      kind: "instant",
      from: "2026-03-08T00:00:00-06:00",
      to: "2026-03-09T00:00:00.000001-05:00",
    });
  });

  it("needs both bounds", () => {
    expect(fieldErrorsOf(() => resolveWindow("2026-03-01"))).toEqual([
      { field: "to", message: "Required with the other bound", code: "required" },
    ]);
    expect(fieldErrorsOf(() => resolveWindow(undefined, "2026-03-01"))?.[0]?.field).toBe("from");
  });

  it("refuses a date mixed with a date-time", () => {
    expect(
      fieldErrorsOf(() => resolveWindow("2026-03-01", "2026-03-02T00:00:00Z"))?.[0]?.code,
    ).toBe("mismatched_bounds");
  });

  it("refuses empty and backwards windows", () => {
    expect(fieldErrorsOf(() => resolveWindow("2026-03-02", "2026-03-01"))?.[0]).toMatchObject({
      field: "to",
      code: "out_of_range",
    });
    expect(fieldErrorsOf(() => resolveWindow("2026-03-01", "2026-03-01"))?.[0]?.code).toBe(
      "out_of_range",
    );
    expect(
      fieldErrorsOf(() => resolveWindow("2026-03-01T12:00:00+01:00", "2026-03-01T10:30:00Z"))?.[0]
        ?.code,
    ).toBe("out_of_range");
  });

  it("allows 400 days and no more", () => {
    expect(resolveWindow("2025-01-01", "2026-02-05").kind).toBe("date");
    expect(fieldErrorsOf(() => resolveWindow("2025-01-01", "2026-02-06"))?.[0]?.code).toBe(
      "out_of_range",
    );
    expect(
      fieldErrorsOf(() => resolveWindow("2025-01-01T00:00:00Z", "2026-02-05T00:00:01Z"))?.[0]?.code,
    ).toBe("out_of_range");
  });
});

const query = (overrides: Partial<ReadingsQuery> = {}): ReadingsQuery => ({
  order: "asc",
  groupBy: "none",
  ...overrides,
});

const position = {
  after: "2026-03-02T06:30:00.000000Z",
  from: "2026-03-01T06:00:00.000000Z",
  to: "2026-04-01T05:00:00.000000Z",
};

describe("readings requests", () => {
  it("default to 1000 reads or 500 buckets a page", () => {
    expect(defaultLimit("none")).toBe(1000);
    expect(defaultLimit("day")).toBe(500);
    expect(resolveReadingsRequest(query({ groupBy: "hour" })).limit).toBe(500);
    expect(resolveReadingsRequest(query({ limit: 7 })).limit).toBe(7);
  });

  it("continue after a cursor inside the window the cursor pinned", () => {
    const q = query({ from: "2026-03-01", to: "2026-04-01" });
    const cursor = encodeReadingsCursor(q, position);
    expect(resolveReadingsRequest({ ...q, cursor })).toEqual({
      window: { kind: "instant", from: position.from, to: position.to },
      groupBy: "none",
      order: "asc",
      limit: 1000,
      after: position.after,
    });
  });

  it("refuse a cursor issued for another order, grouping or window", () => {
    const cursor = encodeReadingsCursor(query(), position);
    for (const other of [
      query({ order: "desc" }),
      query({ groupBy: "day" }),
      query({ from: "2026-03-01", to: "2026-04-01" }),
    ]) {
      expect(fieldErrorsOf(() => decodeReadingsCursor(other, cursor))).toEqual([
        { field: "cursor", message: "Invalid cursor", code: "invalid_cursor" },
      ]);
    }
  });

  it("refuse cursors that are not ours", () => {
    const q = query();
    const outside = encodeReadingsCursor(q, { ...position, after: "2026-05-01T00:00:00Z" });
    for (const cursor of ["nonsense", "", Buffer.from("[1,2]").toString("base64url"), outside]) {
      expect(fieldErrorsOf(() => decodeReadingsCursor(q, cursor))?.[0]?.field).toBe("cursor");
    }
  });
});

describe("choosing JSON, CSV or a Green Button feed", () => {
  it("follows format over the Accept header", () => {
    expect(chooseRepresentation("csv", "application/json")).toBe("csv");
    expect(chooseRepresentation("json", "text/csv")).toBe("json");
  });

  it("answers JSON unless the client prefers CSV", () => {
    expect(chooseRepresentation(undefined, null)).toBe("json");
    expect(chooseRepresentation(undefined, "*/*")).toBe("json");
    expect(chooseRepresentation(undefined, "application/json, text/csv")).toBe("json");
    expect(chooseRepresentation(undefined, "text/html,application/xhtml+xml,*/*;q=0.8")).toBe(
      "json",
    );
    expect(chooseRepresentation(undefined, "text/csv")).toBe("csv");
    expect(chooseRepresentation(undefined, "text/csv, application/json;q=0.5")).toBe("csv");
    expect(chooseRepresentation(undefined, "Text/CSV; charset=utf-8")).toBe("csv");
    expect(chooseRepresentation(undefined, "text/csv;q=0, */*")).toBe("json");
  });

  it("answers a Green Button feed to Atom clients and format=atom", () => {
    expect(chooseRepresentation("atom", "application/json")).toBe("atom");
    expect(chooseRepresentation(undefined, "application/atom+xml")).toBe("atom");
    expect(chooseRepresentation(undefined, "application/atom+xml, application/json;q=0.9")).toBe(
      "atom",
    );
    expect(chooseRepresentation(undefined, "text/csv;q=0.5, application/atom+xml")).toBe("atom");
    expect(chooseRepresentation(undefined, "application/*")).toBe("json");
    expect(chooseRepresentation(undefined, "application/atom+xml;q=0, */*")).toBe("json");
  });
});
