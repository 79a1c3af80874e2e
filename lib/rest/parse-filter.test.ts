import { describe, expect, it } from "vitest";
import { RestError } from "./errors";
import { filterOperators } from "./grammar";
import { parseFilter, parseLogic } from "./parse-filter";

function parseFailure(fn: () => unknown): RestError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestError);
    return error as RestError;
  }
  throw new Error("expected a parse error");
}

describe("filters", () => {
  const scalar = filterOperators.filter((op) => op !== "in" && op !== "is");
  for (const operator of scalar) {
    it(`reads ${operator} with its value verbatim`, () => {
      expect(parseFilter("email", `${operator}.a.b,c(d)`)).toEqual({
        kind: "condition",
        column: "email",
        negated: false,
        operator,
        value: "a.b,c(d)",
      });
    });
  }

  it("keeps an empty value, for comparing with the empty string", () => {
    expect(parseFilter("nickname", "eq.").value).toBe("");
  });

  it("reads not. before any operator", () => {
    expect(parseFilter("status", "not.eq.live")).toMatchObject({ negated: true, operator: "eq" });
    expect(parseFilter("phone", "not.is.null")).toMatchObject({ negated: true, value: "null" });
  });

  it("reads in.() lists with quoted values, escapes and the empty list", () => {
    expect(parseFilter("status", "in.(live,inactive)").value).toEqual(["live", "inactive"]);
    expect(parseFilter("name", 'in.("Smith, John",Acme,"say \\"hi\\"","a\\\\b")').value).toEqual([
      "Smith, John",
      "Acme",
      'say "hi"',
      "a\\b",
    ]);
    expect(parseFilter("id", "in.()").value).toEqual([]);
    expect(parseFilter("id", "not.in.(1)")).toMatchObject({ negated: true, value: ["1"] });
  });

  it("reads is. values case-insensitively", () => {
    for (const value of ["null", "NULL", "not_null", "true", "False", "unknown"]) {
      expect(parseFilter("is_override", `is.${value}`).value).toBe(value.toLowerCase());
    }
  });

  it("reads (any) and (all) quantifiers over {} lists", () => {
    expect(parseFilter("email", "like(any).{*@acme.com,*@example.com}")).toMatchObject({
      operator: "like",
      quantifier: "any",
      value: ["*@acme.com", "*@example.com"],
    });
    expect(parseFilter("name", 'ilike(all).{"*a,b*",*c*}').value).toEqual(["*a,b*", "*c*"]);
  });

  it.each([
    ["an unknown operator", "equals.1", /unknown operator "equals"/],
    ["a missing operator", "1", /expecting "not" or an operator/],
    ["no dot after the operator", "eq", /"\." after "eq"/],
    ["a bad is. value", "is.maybe", /"is" takes one of/],
    ["an in. without a list", "in.1,2", /expecting "\("/],
    ["an unclosed in. list", "in.(1,2", /expecting "," or "\)"/],
    ["text after an in. list", "in.(1);drop", /expecting end of input/],
    ["an unterminated quote", 'in.("a,b)', /unterminated/],
    ["a quantifier on in", "in(any).{1}", /expecting "\." after "in"|cannot be used/],
    ["a bad quantifier", "eq(some).{1}", /\(any\)" or "\(all\)"/],
    ["a quantifier on is", "is(any).{null}", /cannot be used with/],
    ["not twice", "not.not.eq.1", /unknown operator "not"|expecting "not" or an operator/],
    ["SQL instead of an operator", "'; drop table customers; --", /expecting "not" or an operator/],
  ])("refuses %s with PGRST100", (_, raw, details) => {
    const error = parseFailure(() => parseFilter("id", raw));
    expect(error.status).toBe(400);
    expect(error.code).toBe("PGRST100");
    expect(error.message).toContain("failed to parse filter");
    expect(error.details).toMatch(details);
  });
});

describe("logic trees", () => {
  it("reads or=(...) with conditions", () => {
    expect(parseLogic("or", false, "(status.eq.live,email.ilike.*acme*)")).toEqual({
      kind: "logic",
      operator: "or",
      negated: false,
      children: [
        { kind: "condition", column: "status", negated: false, operator: "eq", value: "live" },
        {
          kind: "condition",
          column: "email",
          negated: false,
          operator: "ilike",
          value: "*acme*",
        },
      ],
    });
  });

  it("nests and(...), or(...) and their negations", () => {
    const tree = parseLogic(
      "or",
      false,
      "(status.eq.live,and(type.eq.business,not.or(phone.is.null,email.not.like.*@x)),id.in.(1,2))",
    );
    expect(tree.children[1]).toMatchObject({
      kind: "logic",
      operator: "and",
      negated: false,
      children: [
        { column: "type", operator: "eq", value: "business" },
        {
          kind: "logic",
          operator: "or",
          negated: true,
          children: [
            { column: "phone", operator: "is", value: "null" },
            { column: "email", operator: "like", negated: true, value: "*@x" },
          ],
        },
      ],
    });
    expect(tree.children[2]).toMatchObject({ operator: "in", value: ["1", "2"] });
  });

  it("nests up to eight levels", () => {
    const tree = parseLogic("and", false, `(${"or(".repeat(7)}id.eq.1${")".repeat(7)})`);
    expect(JSON.stringify(tree).match(/"logic"/g)).toHaveLength(8);
    expect(() => parseLogic("and", false, `(${"or(".repeat(8)}id.eq.1${")".repeat(8)})`)).toThrow(
      RestError,
    );
  });

  it("reads quoted values that hold commas and parentheses", () => {
    const tree = parseLogic("and", true, '(name.eq."Smith, John (Jr)",name.neq."")');
    expect(tree.negated).toBe(true);
    expect(tree.children.map((c) => (c.kind === "condition" ? c.value : null))).toEqual([
      "Smith, John (Jr)",
      "",
    ]);
  });

  it("reads quoted column names", () => {
    expect(parseLogic("or", false, '("email".eq.a)').children[0]).toMatchObject({
      column: "email",
    });
  });

  it.each([
    ["no parentheses", "status.eq.live"],
    ["an unclosed group", "(status.eq.live"],
    ["an empty group", "()"],
    ["a trailing comma", "(status.eq.live,)"],
    ["text after the group", "(status.eq.live)x"],
    ["a condition without operator", "(status)"],
    ["an unknown operator", "(status.is_not.live)"],
    ["an unclosed nested group", "(and(a.eq.1,b.eq.2)"],
    ["injection in the tree", "(id.eq.1);drop table customers"],
    ["a tree nested too deep", `${"(and".repeat(9)}(id.eq.1${")".repeat(10)}`],
  ])("refuses %s with PGRST100", (_, raw) => {
    const error = parseFailure(() => parseLogic("or", false, raw));
    expect(error.code).toBe("PGRST100");
    expect(error.status).toBe(400);
    expect(error.message).toContain("failed to parse logic tree");
  });
});
