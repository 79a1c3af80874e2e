import { parseError, quote, RestError, unknownColumn } from "./errors";
import type { Condition, FilterNode, OrderTerm, ReadQuery, SelectItem } from "./grammar";
import { findRelationship, type Relationship } from "./relationships";
import { type ColumnSpec, findColumn, type TableSpec } from "./tables";

/** Types `select=col::type` may cast to, and the SQL type each stands for. */
const CASTS: Record<string, string> = {
  text: "text",
  varchar: "text",
  int: "integer",
  int4: "integer",
  integer: "integer",
  bigint: "bigint",
  int8: "bigint",
  smallint: "smallint",
  numeric: "numeric",
  decimal: "numeric",
  float8: "double precision",
  boolean: "boolean",
  bool: "boolean",
  date: "date",
  timestamptz: "timestamptz",
  timestamp: "timestamp",
  uuid: "uuid",
  json: "json",
  jsonb: "jsonb",
};

/** json_build_object takes at most 100 arguments: 50 keys per object. */
const MAX_KEYS = 50;

export type ResolvedFilter =
  | { kind: "condition"; column: ColumnSpec; condition: Condition }
  /** `account=is.null` / `account=not.is.null`: whether an embedded row exists. */
  | { kind: "embedded"; child: QueryNode; present: boolean }
  | { kind: "logic"; operator: "and" | "or"; negated: boolean; children: ResolvedFilter[] };

export type Output =
  | { kind: "column"; key: string; column: ColumnSpec; cast?: string }
  | { kind: "embed"; key: string; node: QueryNode };

/** One table of a request: the root, or an embedded resource under its parent. */
export interface QueryNode {
  table: TableSpec;
  /** The SQL alias (`t0`, `t1`, ...): generated here, never taken from the request. */
  alias: string;
  /** How filters and `rel.order` name it: its alias in `select`, else the relationship name. */
  name: string;
  relationship?: Relationship;
  join: "inner" | "left";
  outputs: Output[];
  children: QueryNode[];
  filters: ResolvedFilter[];
  order: { column: ColumnSpec; term: OrderTerm }[];
  limit?: number;
  offset?: number;
}

function resolveSelect(
  table: TableSpec,
  select: SelectItem[],
  next: () => string,
): Pick<QueryNode, "outputs" | "children"> {
  const outputs: Output[] = [];
  const children: QueryNode[] = [];
  for (const item of select) {
    if (item.kind === "star") {
      for (const column of table.columns.filter((c) => c.readable)) {
        outputs.push({ kind: "column", key: column.name, column });
      }
    } else if (item.kind === "column") {
      const column = findColumn(table, item.name);
      if (!column) throw unknownColumn(table.name, item.name);
      let cast: string | undefined;
      if (item.cast !== undefined) {
        cast = CASTS[item.cast.toLowerCase()];
        if (!cast) throw new RestError(400, "42704", `type "${quote(item.cast)}" is not supported`);
        if (column.encrypted && cast !== "text") {
          throw new RestError(
            400,
            "PGRST100",
            `${table.name}.${column.name} is encrypted at rest and is read as text only`,
          );
        }
      }
      outputs.push({ kind: "column", key: item.alias ?? item.name, column, cast });
    } else {
      const relationship = findRelationship(table, item.relation, item.hint);
      const name = item.alias ?? item.relation;
      if (children.some((c) => c.name === name)) {
        throw parseError(
          "select parameter",
          name,
          `"${name}" is embedded twice; give each an alias`,
        );
      }
      const node: QueryNode = {
        table: relationship.target,
        alias: next(),
        name,
        relationship,
        join: item.join ?? "left",
        ...resolveSelect(relationship.target, item.select, next),
        filters: [],
        order: [],
      };
      children.push(node);
      // `rel()` embeds only to filter: it adds nothing to the output, as in PostgREST.
      if (item.select.length) outputs.push({ kind: "embed", key: name, node });
    }
  }
  if (outputs.length > MAX_KEYS) {
    throw new RestError(400, "PGRST100", `Select at most ${MAX_KEYS} fields per resource`);
  }
  return { outputs, children };
}

function findNode(root: QueryNode, path: string[]): QueryNode {
  let node = root;
  for (const segment of path) {
    const child = node.children.find((c) => c.name === segment);
    if (!child) {
      throw new RestError(
        400,
        "PGRST108",
        `'${quote(segment)}' is not an embedded resource in this request`,
        { hint: `Verify that '${quote(segment)}' is included in the 'select' query parameter.` },
      );
    }
    node = child;
  }
  return node;
}

/**
 * Encrypted columns compare only by exact value, through their blind index (`eq`, `in`), or by
 * being null (`is`): any other operator would compare ciphertext.
 */
function checkEncryptedFilter(table: TableSpec, column: ColumnSpec, condition: Condition): void {
  const encrypted = column.encrypted;
  if (!encrypted) return;
  const { operator, quantifier } = condition;
  const exact = (operator === "eq" || operator === "in") && !quantifier && encrypted.index;
  const nullness = operator === "is";
  if (exact || nullness) return;
  const allowed = encrypted.index ? "eq, in and is.null" : "is.null";
  throw new RestError(
    400,
    "PGRST100",
    `${table.name}.${column.name} is encrypted at rest: it can only be filtered with ${allowed}`,
    {
      details: `The operator ${quantifier ? `${operator}(${quantifier})` : operator} would compare encrypted values.`,
      hint: encrypted.index
        ? `Look up an exact value, e.g. ${column.name}=eq.${encrypted.index.kind === "email" ? "someone@example.com" : "+442079460018"}.`
        : "Filter on another column.",
    },
  );
}

function encryptedOrderError(table: TableSpec, column: ColumnSpec): RestError {
  return new RestError(
    400,
    "PGRST100",
    `${table.name}.${column.name} is encrypted at rest: it cannot be sorted on`,
    { hint: "Order by another column." },
  );
}

function resolveFilter(node: QueryNode, filter: FilterNode): ResolvedFilter {
  if (filter.kind === "logic") {
    return {
      kind: "logic",
      operator: filter.operator,
      negated: filter.negated,
      children: filter.children.map((child) => resolveFilter(node, child)),
    };
  }
  const column = findColumn(node.table, filter.column);
  if (column) {
    checkEncryptedFilter(node.table, column, filter);
    return { kind: "condition", column, condition: filter };
  }
  const child = node.children.find((c) => c.name === filter.column);
  if (!child) throw unknownColumn(node.table.name, filter.column);
  if (filter.operator !== "is" || (filter.value !== "null" && filter.value !== "not_null")) {
    throw new RestError(
      400,
      "PGRST120",
      `An embedded resource can only be filtered using the is.null or not.is.null operators`,
    );
  }
  return { kind: "embedded", child, present: (filter.value === "not_null") !== filter.negated };
}

/** Checks every name in the request against the allow-list and builds the tree to compile. */
export function resolveQuery(table: TableSpec, query: ReadQuery): QueryNode {
  let counter = 0;
  const next = () => `t${++counter}`;
  const root: QueryNode = {
    table,
    alias: "t0",
    name: table.name,
    join: "left",
    ...resolveSelect(table, query.select, next),
    filters: [],
    order: [],
  };
  for (const { path, node } of query.filters) {
    const target = findNode(root, path);
    target.filters.push(resolveFilter(target, node));
  }
  for (const { path, terms } of query.orders) {
    const target = findNode(root, path);
    for (const term of terms) {
      const column = findColumn(target.table, term.column);
      if (!column) throw unknownColumn(target.table.name, term.column);
      if (column.encrypted) throw encryptedOrderError(target.table, column);
      target.order.push({ column, term });
    }
  }
  for (const { path, limit, offset } of query.limits) {
    const target = findNode(root, path);
    target.limit = limit;
    target.offset = offset;
  }
  return root;
}
