import { type SQL, sql } from "drizzle-orm";
import { blindIndex } from "@/lib/pii";
import type { Condition } from "./grammar";
import type { ColumnSpec } from "./tables";

/**
 * Conditions as SQL. Column names and types come from the allow-list (`ColumnSpec`); every value
 * from the request is a bound parameter, cast to the column's type so Postgres compares typed
 * values (and answers 22P02 for a value that is not of that type).
 */

export function columnRef(alias: string, column: string): SQL {
  return sql`${sql.identifier(alias)}.${sql.identifier(column)}`;
}

/**
 * A request value as the given type. The parameter is declared text first: the postgres driver
 * serialises a parameter by the type the server infers for it, and would turn the string "true"
 * into false for a boolean. Type names come from the schema (see `tables.ts`), never the request.
 */
export function typed(value: string, type: string): SQL {
  return type === "text" ? sql`${value}::text` : sql`${value}::text::${sql.raw(type)}`;
}

function list(values: string[], type: string): SQL {
  return sql`ARRAY[${sql.join(
    values.map((v) => typed(v, type)),
    sql`, `,
  )}]::${sql.raw(type)}[]`;
}

const COMPARISONS = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;
const PATTERNS = { like: "LIKE", ilike: "ILIKE", match: "~", imatch: "~*" } as const;

/** PostgREST lets `*` stand for `%` in like patterns, so they survive in URLs. */
function pattern(operator: string, value: string): string {
  return operator === "like" || operator === "ilike" ? value.replaceAll("*", "%") : value;
}

/** `eq`/`in` on an encrypted column: the blind indexes of the values against its index column. */
function blindIndexed(alias: string, column: ColumnSpec, condition: Condition): SQL | null {
  const index = column.encrypted?.index;
  if (!index || (condition.operator !== "eq" && condition.operator !== "in")) return null;
  const values = Array.isArray(condition.value) ? condition.value : [condition.value];
  if (!values.length) return sql`false`;
  return sql`${columnRef(alias, index.column)} IN (${sql.join(
    values.map((v) => sql`${blindIndex(index.kind, v)}::text`),
    sql`, `,
  )})`;
}

function positive(alias: string, column: ColumnSpec, condition: Condition): SQL {
  const indexed = blindIndexed(alias, column, condition);
  if (indexed) return indexed;
  const target = columnRef(alias, column.name);
  const { operator, quantifier, value } = condition;
  const values = Array.isArray(value) ? value : [value];
  const single = values[0] ?? "";
  if (operator in COMPARISONS) {
    const op = sql.raw(COMPARISONS[operator as keyof typeof COMPARISONS]);
    if (quantifier) {
      return sql`${target} ${op} ${sql.raw(quantifier.toUpperCase())} (${list(values, column.type)})`;
    }
    return sql`${target} ${op} ${typed(single, column.type)}`;
  }
  if (operator in PATTERNS) {
    const op = sql.raw(PATTERNS[operator as keyof typeof PATTERNS]);
    if (quantifier) {
      const patterns = values.map((v) => pattern(operator, v));
      return sql`${target}::text ${op} ${sql.raw(quantifier.toUpperCase())} (${list(patterns, "text")})`;
    }
    return sql`${target}::text ${op} ${pattern(operator, single)}::text`;
  }
  switch (operator) {
    case "in":
      if (!values.length) return sql`false`;
      return sql`${target} IN (${sql.join(
        values.map((v) => typed(v, column.type)),
        sql`, `,
      )})`;
    case "is":
      return {
        null: sql`${target} IS NULL`,
        not_null: sql`${target} IS NOT NULL`,
        true: sql`${target} IS TRUE`,
        false: sql`${target} IS FALSE`,
        unknown: sql`${target} IS UNKNOWN`,
      }[single as "null"];
    case "isdistinct":
      return sql`${target} IS DISTINCT FROM ${typed(single, column.type)}`;
    default:
      throw new Error(`Unhandled filter operator ${operator}`);
  }
}

export function conditionSql(alias: string, column: ColumnSpec, condition: Condition): SQL {
  const expression = positive(alias, column, condition);
  return condition.negated ? sql`NOT (${expression})` : expression;
}

export function allOf(conditions: SQL[]): SQL {
  if (!conditions.length) return sql`true`;
  return sql.join(
    conditions.map((c) => sql`(${c})`),
    sql` AND `,
  );
}

export function anyOf(conditions: SQL[]): SQL {
  if (!conditions.length) return sql`false`;
  return sql.join(
    conditions.map((c) => sql`(${c})`),
    sql` OR `,
  );
}
