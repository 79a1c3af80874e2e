import { Cursor } from "./cursor";
import { parseError } from "./errors";
import type { OrderTerm, SelectItem } from "./grammar";

class SyntaxFault extends Error {}

const NAME_CHAR = /[\p{L}\p{N}_$]/u;

/** A column, alias or relationship name: bare (letters, digits, `_`, `$`) or double-quoted. */
function parseName(cursor: Cursor, what: string): string {
  if (cursor.peek() === '"') {
    const name = cursor.quoted();
    if (!name) throw new SyntaxFault(`unterminated or empty quoted ${what}`);
    return name;
  }
  const name = cursor.take((c) => NAME_CHAR.test(c));
  if (!name) throw new SyntaxFault(cursor.describe(what));
  return name;
}

/** Embedding deeper than this is refused: relationships can cycle, queries should not. */
export const MAX_EMBED_DEPTH = 6;

function parseItem(cursor: Cursor, depth: number): SelectItem {
  if (cursor.eat("*")) return { kind: "star" };
  if (cursor.startsWith("...")) throw new SyntaxFault("spread embedding (...) is not supported");
  let name = parseName(cursor, "a column or relationship name");
  let alias: string | undefined;
  if (!cursor.startsWith("::") && cursor.eat(":")) {
    alias = name;
    name = parseName(cursor, `a column or relationship name after "${alias}:"`);
  }
  let hint: string | undefined;
  let join: "inner" | "left" | undefined;
  while (cursor.eat("!")) {
    const word = parseName(cursor, 'a hint, "inner" or "left"');
    if (word === "inner" || word === "left") {
      if (join) throw new SyntaxFault(`"!${word}" after "!${join}"`);
      join = word;
    } else {
      if (hint) throw new SyntaxFault(`a second hint "!${word}"`);
      hint = word;
    }
  }
  if (cursor.eat("(")) {
    if (depth >= MAX_EMBED_DEPTH) {
      throw new SyntaxFault(`embedded resources nest at most ${MAX_EMBED_DEPTH} deep`);
    }
    const select = cursor.eat(")") ? [] : parseItems(cursor, depth + 1);
    return { kind: "embed", relation: name, alias, hint, join, select };
  }
  if (hint || join)
    throw new SyntaxFault(`"!" is only valid on an embedded resource: "${name}(...)"`);
  if (cursor.startsWith("->")) throw new SyntaxFault("JSON paths (-> and ->>) are not supported");
  let cast: string | undefined;
  if (cursor.eat("::")) cast = parseName(cursor, "a type to cast to");
  return { kind: "column", name, alias, cast };
}

/** Items up to the end of input, or up to the `)` that closes an embedded resource. */
function parseItems(cursor: Cursor, depth: number): SelectItem[] {
  const nested = depth > 0;
  const items: SelectItem[] = [];
  for (;;) {
    cursor.skipSpaces();
    items.push(parseItem(cursor, depth));
    cursor.skipSpaces();
    if (cursor.eat(",")) continue;
    if (nested) {
      if (!cursor.eat(")")) throw new SyntaxFault(cursor.describe('"," or ")"'));
      return items;
    }
    if (!cursor.done) throw new SyntaxFault(cursor.describe('"," or end of input'));
    return items;
  }
}

/** `select=id,email,acct:customer_accounts!inner(role,account(*))`. */
export function parseSelect(raw: string): SelectItem[] {
  const cursor = new Cursor(raw);
  try {
    return parseItems(cursor, 0);
  } catch (error) {
    if (error instanceof SyntaxFault) throw parseError("select parameter", raw, error.message);
    throw error;
  }
}

/** `order=period_start.desc.nullslast,id`: asc/desc and nullsfirst/nullslast per column. */
export function parseOrder(raw: string): OrderTerm[] {
  const cursor = new Cursor(raw);
  const terms: OrderTerm[] = [];
  try {
    for (;;) {
      const term: OrderTerm = { column: parseName(cursor, "a column name") };
      if (cursor.peek() === "(") {
        throw new SyntaxFault("ordering by a column of an embedded resource is not supported");
      }
      while (cursor.eat(".")) {
        const word = cursor.take((c) => /[a-z]/.test(c));
        if ((word === "asc" || word === "desc") && !term.direction && !term.nulls) {
          term.direction = word;
        } else if ((word === "nullsfirst" || word === "nullslast") && !term.nulls) {
          term.nulls = word === "nullsfirst" ? "first" : "last";
        } else {
          throw new SyntaxFault(
            word
              ? `unexpected "${word}", expecting asc, desc, nullsfirst or nullslast (once each, in that order)`
              : cursor.describe("asc, desc, nullsfirst or nullslast"),
          );
        }
      }
      terms.push(term);
      if (cursor.done) return terms;
      if (!cursor.eat(",")) throw new SyntaxFault(cursor.describe('"." or ","'));
    }
  } catch (error) {
    if (error instanceof SyntaxFault) throw parseError("order", raw, error.message);
    throw error;
  }
}

/** `limit` and `offset`: non-negative integers. */
export function parseCount(what: "limit" | "offset", raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw parseError(what, raw, "expecting a non-negative integer");
  return Number(raw);
}
