import { describe, expect, it } from "vitest";
import { RestError } from "./errors";
import { negotiate, parseColumns, parsePrefer, parseQuery, parseRange } from "./parse-request";

function failure(fn: () => unknown): RestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error("expected an error");
}

describe("query strings", () => {
  it("separate select, filters, logic, order and paging per embedded path", () => {
    const query = parseQuery(
      new URLSearchParams(
        "select=id,customer_accounts(role)&status=eq.live&customer_accounts.role=eq.occupier" +
          "&or=(email.like.*acme*,phone.is.null)&customer_accounts.not.and=(role.eq.agent)" +
          "&order=created_at.desc&customer_accounts.order=role&limit=5&offset=10" +
          "&customer_accounts.limit=1&id=gt.0&id=lt.9",
      ),
    );
    expect(query.select).toHaveLength(2);
    expect(query.filters.map((f) => [f.path.join("."), f.node.kind])).toEqual([
      ["", "condition"],
      ["customer_accounts", "condition"],
      ["", "logic"],
      ["customer_accounts", "logic"],
      ["", "condition"],
      ["", "condition"],
    ]);
    expect(query.filters[3]?.node).toMatchObject({ operator: "and", negated: true });
    expect(query.orders).toEqual([
      { path: [], terms: [{ column: "created_at", direction: "desc" }] },
      { path: ["customer_accounts"], terms: [{ column: "role" }] },
    ]);
    expect(query.limits).toEqual([
      { path: [], limit: 5, offset: 10 },
      { path: ["customer_accounts"], limit: 1 },
    ]);
  });

  it("default to every column", () => {
    expect(parseQuery(new URLSearchParams("")).select).toEqual([{ kind: "star" }]);
  });

  it("read columns= with quoted names, as the client library sends them", () => {
    expect(parseColumns('"email","name",phone')).toEqual(["email", "name", "phone"]);
    expect(failure(() => parseColumns("email,,name")).code).toBe("PGRST100");
  });

  it("refuse upserts", () => {
    expect(failure(() => parseQuery(new URLSearchParams("on_conflict=email"))).status).toBe(400);
  });

  it("refuse a filter without an operator", () => {
    expect(failure(() => parseQuery(new URLSearchParams("email=x@y.z"))).code).toBe("PGRST100");
  });
});

describe("Prefer", () => {
  it("reads return, count and missing from one or several headers", () => {
    expect(parsePrefer("return=representation, count=exact")).toEqual({
      return: "representation",
      count: "exact",
    });
    expect(parsePrefer("missing=default,return=headers-only")).toEqual({
      missing: "default",
      return: "headers-only",
    });
    expect(parsePrefer(null)).toEqual({});
  });

  it("ignores unknown preferences unless handling=strict", () => {
    expect(parsePrefer("return=everything, colour=blue")).toEqual({});
    const error = failure(() => parsePrefer("handling=strict, colour=blue"));
    expect(error).toMatchObject({ status: 400, code: "PGRST122" });
  });
});

describe("Range", () => {
  it("reads inclusive item ranges", () => {
    expect(parseRange("0-9")).toEqual({ offset: 0, limit: 10 });
    expect(parseRange("items=5-5")).toEqual({ offset: 5, limit: 1 });
    expect(parseRange("20-")).toEqual({ offset: 20 });
  });

  it("ignores what is not a range, and refuses an inverted one with 416", () => {
    expect(parseRange("bytes=0-9x")).toBeNull();
    expect(parseRange(null)).toBeNull();
    expect(failure(() => parseRange("9-0"))).toMatchObject({ status: 416, code: "PGRST103" });
  });
});

describe("Accept", () => {
  it("chooses an array or a single object", () => {
    expect(negotiate(null)).toBe("array");
    expect(negotiate("application/json")).toBe("array");
    expect(negotiate("*/*")).toBe("array");
    expect(negotiate("application/vnd.pgrst.object+json")).toBe("object");
    expect(negotiate("text/csv;q=0.9, application/vnd.pgrst.object+json")).toBe("object");
  });

  it("answers 406 for media types it cannot produce", () => {
    expect(failure(() => negotiate("text/csv"))).toMatchObject({ status: 406, code: "PGRST107" });
    expect(failure(() => negotiate("application/json;q=0"))).toMatchObject({ status: 406 });
  });
});
