import { describe, expect, it } from "vitest";
import { MAX_ROWS, pageOf } from "./read";
import { contentRange, readStatus } from "./respond";

describe("Content-Range", () => {
  it("is written as PostgREST writes it", () => {
    expect(contentRange(0, 10, null)).toBe("0-9/*");
    expect(contentRange(10, 5, 15)).toBe("10-14/15");
    expect(contentRange(0, 0, 0)).toBe("*/0");
    expect(contentRange(0, 0, null)).toBe("*/*");
  });

  it("gives 206 for part of a counted result, 416 past its end, else 200", () => {
    expect(readStatus(0, 10, null)).toBe(200);
    expect(readStatus(0, 10, 10)).toBe(200);
    expect(readStatus(0, 3, 10)).toBe(206);
    expect(() => readStatus(11, 0, 10)).toThrow(/Requested range not satisfiable/);
  });
});

describe("the page to read", () => {
  it("intersects limit and offset with the Range header, capped at MAX_ROWS", () => {
    expect(pageOf({}, null)).toEqual({ offset: 0, limit: MAX_ROWS });
    expect(pageOf({ limit: 5, offset: 10 }, null)).toEqual({ offset: 10, limit: 5 });
    expect(pageOf({}, { offset: 20, limit: 10 })).toEqual({ offset: 20, limit: 10 });
    expect(pageOf({ limit: 5 }, { offset: 2, limit: 10 })).toEqual({ offset: 2, limit: 3 });
    expect(pageOf({ offset: 50 }, { offset: 0, limit: 10 })).toEqual({ offset: 50, limit: 0 });
    expect(pageOf({ limit: 5_000 }, null)).toEqual({ offset: 0, limit: MAX_ROWS });
  });
});
