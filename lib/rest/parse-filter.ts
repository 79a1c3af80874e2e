import { Cursor } from "./cursor";
import { parseError } from "./errors";
import {
  type Condition,
  type FilterNode,
  type FilterOperator,
  filterOperators,
  isValues,
  type Logic,
  quantifiableOperators,
} from "./grammar";

const OPERATOR_LIST = filterOperators.join(", ");

/** Parsing failed at the cursor: the caller wraps this into a PGRST100 for the whole value. */
class SyntaxFault extends Error {}

type Operation = Omit<Condition, "kind" | "column">;

/** `[not.]op[(any|all)].value`. At the top level the value is the rest, verbatim. */
function parseOperation(cursor: Cursor, context: "top" | "logic"): Operation {
  const negated = cursor.eat("not.");
  const name = cursor.take((c) => /[a-z]/.test(c));
  if (!(filterOperators as readonly string[]).includes(name)) {
    throw new SyntaxFault(
      name
        ? `unknown operator "${name}", expecting one of ${OPERATOR_LIST}`
        : cursor.describe(`"not" or an operator (${OPERATOR_LIST})`),
    );
  }
  const operator = name as FilterOperator;
  let quantifier: Operation["quantifier"];
  if (cursor.eat("(")) {
    const q = cursor.take((c) => /[a-z]/.test(c));
    if ((q !== "any" && q !== "all") || !cursor.eat(")")) {
      throw new SyntaxFault(`expecting "(any)" or "(all)" after "${operator}"`);
    }
    if (!quantifiableOperators.includes(operator)) {
      throw new SyntaxFault(`"${operator}" cannot be used with (${q})`);
    }
    quantifier = q;
  }
  if (!cursor.eat(".")) throw new SyntaxFault(cursor.describe(`"." after "${operator}"`));

  if (operator === "in") return { negated, operator, value: parseList(cursor, "(", ")") };
  if (quantifier) return { negated, operator, quantifier, value: parseList(cursor, "{", "}") };
  const value = context === "top" ? cursor.take(() => true) : parseLogicValue(cursor);
  if (operator === "is") {
    const normalised = value.toLowerCase();
    if (!(isValues as readonly string[]).includes(normalised)) {
      throw new SyntaxFault(`"is" takes one of ${isValues.join(", ")}, not "${value}"`);
    }
    return { negated, operator, value: normalised };
  }
  return { negated, operator, value };
}

/** `(a,b,"c,d")` or `{a,b}`: elements are quoted, or run up to the next separator. */
function parseList(cursor: Cursor, open: string, close: string): string[] {
  if (!cursor.eat(open)) throw new SyntaxFault(cursor.describe(`"${open}"`));
  const items: string[] = [];
  if (cursor.eat(close)) return items;
  for (;;) {
    if (cursor.peek() === '"') {
      const value = cursor.quoted();
      if (value === null) throw new SyntaxFault("unterminated quoted value");
      items.push(value);
    } else {
      items.push(cursor.take((c) => c !== "," && c !== close));
    }
    if (cursor.eat(close)) return items;
    if (!cursor.eat(",")) throw new SyntaxFault(cursor.describe(`"," or "${close}"`));
  }
}

function parseLogicValue(cursor: Cursor): string {
  if (cursor.peek() === '"') {
    const value = cursor.quoted();
    if (value === null) throw new SyntaxFault("unterminated quoted value");
    return value;
  }
  return cursor.take((c) => c !== "," && c !== ")");
}

/** Deeper trees are refused: no real query needs them, and Postgres would run out of stack. */
export const MAX_LOGIC_DEPTH = 8;

function parseLogicItem(cursor: Cursor, depth: number): FilterNode {
  for (const negated of [true, false]) {
    for (const operator of ["and", "or"] as const) {
      if (cursor.eat(`${negated ? "not." : ""}${operator}(`)) {
        cursor.pos -= 1;
        return { kind: "logic", operator, negated, children: parseLogicGroup(cursor, depth + 1) };
      }
    }
  }
  let column: string | null;
  if (cursor.peek() === '"') {
    column = cursor.quoted();
    if (column === null) throw new SyntaxFault("unterminated quoted column name");
  } else {
    column = cursor.take((c) => !".,()".includes(c));
  }
  if (!column) throw new SyntaxFault(cursor.describe("a column name, and( or or("));
  if (!cursor.eat(".")) throw new SyntaxFault(cursor.describe(`"." after "${column}"`));
  return { kind: "condition", column, ...parseOperation(cursor, "logic") };
}

/** `(item,item,...)` where an item is a condition or a nested and(...)/or(...). */
function parseLogicGroup(cursor: Cursor, depth: number): FilterNode[] {
  if (depth > MAX_LOGIC_DEPTH)
    throw new SyntaxFault(`logic trees nest at most ${MAX_LOGIC_DEPTH} deep`);
  if (!cursor.eat("(")) throw new SyntaxFault(cursor.describe('"("'));
  const children: FilterNode[] = [];
  for (;;) {
    children.push(parseLogicItem(cursor, depth));
    if (cursor.eat(")")) return children;
    if (!cursor.eat(",")) throw new SyntaxFault(cursor.describe('"," or ")"'));
  }
}

/** `col=op.value`, e.g. `status=eq.live`, `email=not.ilike.*@example.com`, `id=in.(a,b)`. */
export function parseFilter(column: string, raw: string): Condition {
  const cursor = new Cursor(raw);
  try {
    const operation = parseOperation(cursor, "top");
    if (!cursor.done) throw new SyntaxFault(cursor.describe("end of input"));
    return { kind: "condition", column, ...operation };
  } catch (error) {
    if (error instanceof SyntaxFault) throw parseError("filter", raw, error.message);
    throw error;
  }
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))`; `negated` for the `not.or` / `not.and` keys. */
export function parseLogic(operator: "and" | "or", negated: boolean, raw: string): Logic {
  const cursor = new Cursor(raw);
  try {
    const children = parseLogicGroup(cursor, 1);
    if (!cursor.done) throw new SyntaxFault(cursor.describe("end of input"));
    return { kind: "logic", operator, negated, children };
  } catch (error) {
    if (error instanceof SyntaxFault) throw parseError("logic tree", raw, error.message);
    throw error;
  }
}
