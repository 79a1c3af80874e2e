import { describe, expect, it } from "vitest";
import { RestError } from "./errors";
import { parseCount, parseOrder, parseSelect } from "./parse-select";

function failure(fn: () => unknown): RestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error("expected a parse error");
}

describe("select", () => {
  it("reads columns, the star, aliases and casts", () => {
    expect(parseSelect("*,id,mail:email,created_at::text,day:period_start::date")).toEqual([
      { kind: "star" },
      { kind: "column", name: "id" },
      { kind: "column", name: "email", alias: "mail" },
      { kind: "column", name: "created_at", cast: "text" },
      { kind: "column", name: "period_start", alias: "day", cast: "date" },
    ]);
  });

  it("reads embedded resources with hints, joins and nesting", () => {
    expect(
      parseSelect("id,links:customer_accounts!inner(role,account!account_id(*)),account()"),
    ).toEqual([
      { kind: "column", name: "id" },
      {
        kind: "embed",
        relation: "customer_accounts",
        alias: "links",
        join: "inner",
        select: [
          { kind: "column", name: "role" },
          { kind: "embed", relation: "account", hint: "account_id", select: [{ kind: "star" }] },
        ],
      },
      { kind: "embed", relation: "account", select: [] },
    ]);
  });

  it("accepts !hint!left in either order and spaces between items", () => {
    expect(parseSelect("esco!left!esco_id( code , name )")).toEqual([
      {
        kind: "embed",
        relation: "esco",
        join: "left",
        hint: "esco_id",
        select: [
          { kind: "column", name: "code" },
          { kind: "column", name: "name" },
        ],
      },
    ]);
  });

  it("reads quoted names and aliases, and unicode letters", () => {
    expect(parseSelect('"email","e-mail address":email,prénom:first_name')).toEqual([
      { kind: "column", name: "email" },
      { kind: "column", name: "email", alias: "e-mail address" },
      { kind: "column", name: "first_name", alias: "prénom" },
    ]);
  });

  it.each([
    ["an empty select", "", /expecting a column or relationship name/],
    ["a trailing comma", "id,", /expecting a column or relationship name/],
    ["an unclosed embed", "account(id", /expecting "," or "\)"/],
    ["a spread", "...account(id)", /spread/],
    ["a JSON path", "data->>status", /JSON paths/],
    ["a hint on a column", "id!inner", /only valid on an embedded resource/],
    ["two joins", "account!inner!left(*)", /"!left" after "!inner"/],
    ["a semicolon", "id;drop table customers", /expecting "," or end of input/],
    ["a quote in a bare name", 'id"x', /expecting "," or end of input/],
    ["an unterminated quoted alias", '"x:id', /unterminated/],
    ["an alias without a name", "alias:", /after "alias:"/],
    ["a cast without a type", "id::", /a type to cast to/],
    ["a dangling parenthesis", "id)", /expecting "," or end of input/],
    [
      "embedding nested too deep",
      `${"customer_accounts(customer(".repeat(4)}id${"))".repeat(4)}`,
      /nest at most 6/,
    ],
  ])("refuses %s with PGRST100", (_, raw, details) => {
    const error = failure(() => parseSelect(raw));
    expect(error.code).toBe("PGRST100");
    expect(error.status).toBe(400);
    expect(error.message).toContain("failed to parse select parameter");
    expect(error.details).toMatch(details);
  });
});

describe("order", () => {
  it("reads directions and null placement per column", () => {
    expect(parseOrder("period_start.desc.nullslast,id,email.asc,phone.nullsfirst")).toEqual([
      { column: "period_start", direction: "desc", nulls: "last" },
      { column: "id" },
      { column: "email", direction: "asc" },
      { column: "phone", nulls: "first" },
    ]);
  });

  it("reads quoted column names", () => {
    expect(parseOrder('"created_at".desc')).toEqual([{ column: "created_at", direction: "desc" }]);
  });

  it.each([
    ["an unknown modifier", "id.up"],
    ["two directions", "id.asc.desc"],
    ["a direction after nulls", "id.nullslast.desc"],
    ["an empty term", "id,,email"],
    ["a trailing dot", "id."],
    ["an embedded column", "account(account_number).desc"],
    ["SQL", "id;drop table customers"],
  ])("refuses %s with PGRST100", (_, raw) => {
    const error = failure(() => parseOrder(raw));
    expect(error.code).toBe("PGRST100");
    expect(error.message).toContain("failed to parse order");
  });
});

describe("limit and offset", () => {
  it("are non-negative integers", () => {
    expect(parseCount("limit", "0")).toBe(0);
    expect(parseCount("offset", "25")).toBe(25);
    for (const raw of ["-1", "1.5", "ten", "", "1e3", "9".repeat(20)]) {
      expect(failure(() => parseCount("limit", raw)).code).toBe("PGRST100");
    }
  });
});
