import { type SQL, sql } from "drizzle-orm";
import { allOf, anyOf, columnRef, conditionSql } from "./compile-filter";
import type { QueryNode, ResolvedFilter } from "./resolve";

/**
 * A request as ONE SQL statement, the way PostgREST builds it: each row becomes a JSON object
 * with json_build_object (keys are bound parameters), embedded resources are correlated
 * subqueries aggregated with json_agg, and the page, its size and the optional exact count come
 * back in a single row. Aliases (`t0`, `t1`...) are generated; identifiers are from the allow-list.
 */

export function fromClause(node: QueryNode): SQL {
  return sql`${sql.identifier(node.table.name)} ${sql.identifier(node.alias)}`;
}

/** How an embedded node's rows relate to its parent's row. */
function joinCondition(parent: QueryNode, child: QueryNode): SQL {
  const rel = child.relationship;
  if (!rel) throw new Error("An embedded node needs a relationship");
  const parentKey = columnRef(parent.alias, rel.parentColumn);
  const childKey = columnRef(child.alias, rel.childColumn);
  if (!rel.junction) return sql`${childKey} = ${parentKey}`;
  const j = sql.identifier(`${child.alias}_j`);
  return sql`${childKey} IN (SELECT ${j}.${sql.identifier(rel.junction.childColumn)}
    FROM ${sql.identifier(rel.junction.table.name)} ${j}
    WHERE ${j}.${sql.identifier(rel.junction.parentColumn)} = ${parentKey})`;
}

function existsSql(parent: QueryNode, child: QueryNode): SQL {
  return sql`EXISTS (SELECT 1 FROM ${fromClause(child)}
    WHERE ${allOf([joinCondition(parent, child), ...conditionsOf(child)])})`;
}

function filterSql(node: QueryNode, filter: ResolvedFilter): SQL {
  switch (filter.kind) {
    case "condition":
      return conditionSql(node.alias, filter.column, filter.condition);
    case "embedded": {
      const exists = existsSql(node, filter.child);
      return filter.present ? exists : sql`NOT ${exists}`;
    }
    case "logic": {
      const parts = filter.children.map((child) => filterSql(node, child));
      const combined = filter.operator === "and" ? allOf(parts) : anyOf(parts);
      return filter.negated ? sql`NOT (${combined})` : combined;
    }
  }
}

/** A node's own filters, and for each `!inner` child that a matching child row exists. */
export function conditionsOf(node: QueryNode): SQL[] {
  return [
    ...node.filters.map((f) => filterSql(node, f)),
    ...node.children.filter((c) => c.join === "inner").map((c) => existsSql(node, c)),
  ];
}

/** The requested order, then the primary key, so pages never overlap or skip rows. */
export function orderSql(node: QueryNode): SQL {
  const terms = node.order.map(({ column, term }) => {
    const direction = term.direction === "desc" ? sql` DESC` : sql` ASC`;
    const nulls = term.nulls
      ? sql.raw(term.nulls === "first" ? " NULLS FIRST" : " NULLS LAST")
      : sql``;
    return sql`${columnRef(node.alias, column.name)}${direction}${nulls}`;
  });
  for (const key of node.table.primaryKey) {
    if (!node.order.some((o) => o.column.name === key)) terms.push(columnRef(node.alias, key));
  }
  return sql.join(terms, sql`, `);
}

export function pagingSql(node: QueryNode): SQL {
  const limit = node.limit === undefined ? sql`` : sql` LIMIT ${node.limit}::bigint`;
  const offset = node.offset ? sql` OFFSET ${node.offset}::bigint` : sql``;
  return sql`${limit}${offset}`;
}

function objectSql(node: QueryNode): SQL {
  const pairs = node.outputs.map((output) => {
    const key = sql`${output.key}::text`;
    if (output.kind === "embed") return sql`${key}, ${embedSql(node, output.node)}`;
    const value = columnRef(node.alias, output.column.name);
    return output.cast ? sql`${key}, (${value})::${sql.raw(output.cast)}` : sql`${key}, ${value}`;
  });
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

function embedSql(parent: QueryNode, child: QueryNode): SQL {
  const where = allOf([joinCondition(parent, child), ...conditionsOf(child)]);
  if (child.relationship?.kind === "to-one") {
    return sql`(SELECT ${objectSql(child)} FROM ${fromClause(child)} WHERE ${where})`;
  }
  const rows = sql.identifier(`${child.alias}_rows`);
  const order = orderSql(child);
  return sql`(SELECT coalesce(json_agg(${rows}.r ORDER BY ${rows}.o), '[]'::json) FROM (
    SELECT ${objectSql(child)} AS r, row_number() OVER (ORDER BY ${order}) AS o
    FROM ${fromClause(child)} WHERE ${where} ORDER BY ${order}${pagingSql(child)}) ${rows})`;
}

export interface ReadOptions {
  /** Report the number of matching rows regardless of paging (`Prefer: count=exact`). */
  count: boolean;
  /** Return the first row as an object instead of an array. */
  single: boolean;
  /**
   * Rows to read instead of the table, under the alias t0: the `changed` CTE of a write. The
   * root filters and paging already chose those rows, so they are not applied again.
   */
  source?: SQL;
  /** Also return the customers whose data the page holds (`customers`), for the access audit. */
  audit?: boolean;
}

export interface ReadRow {
  total: number | null;
  page_total: number;
  body: string | null;
  /** With `audit`: a JSON array of each row's customer ids. */
  customers?: string | null;
}

/** The customers a row of `node` concerns, as uuid[] (empty for tables of no one's data). */
function customersSql(node: QueryNode): SQL {
  const key = node.table.customerKey;
  if (!key) return sql`'{}'::uuid[]`;
  const ref = columnRef(node.alias, key.column);
  switch (key.via) {
    case "customer":
      return sql`ARRAY[${ref}]`;
    case "account":
      return sql`ARRAY(SELECT audit_ca.customer_id FROM customer_accounts audit_ca WHERE audit_ca.account_id = ${ref})`;
    case "premise":
      return sql`ARRAY(SELECT audit_ca.customer_id FROM premises audit_p
        JOIN customer_accounts audit_ca ON audit_ca.account_id = audit_p.account_id WHERE audit_p.id = ${ref})`;
  }
}

function holdsCustomerData(node: QueryNode): boolean {
  return node.table.customerKey !== undefined || node.children.some(holdsCustomerData);
}

/**
 * The customers a row of `node` and the rows embedded in its output concern (uuid[]): each
 * embedded resource is read again as its output reads it (same join, filters, order and page),
 * keeping only the customer ids.
 */
function customersOfTree(node: QueryNode): SQL {
  const parts = [customersSql(node)];
  for (const output of node.outputs) {
    if (output.kind !== "embed" || !holdsCustomerData(output.node)) continue;
    const child = output.node;
    const where = allOf([joinCondition(node, child), ...conditionsOf(child)]);
    const rows = sql.identifier(`${child.alias}_audit`);
    parts.push(sql`ARRAY(SELECT unnest(${rows}.c) FROM (
      SELECT ${customersOfTree(child)} AS c FROM ${fromClause(child)} WHERE ${where}
      ORDER BY ${orderSql(child)}${pagingSql(child)}) ${rows})`);
  }
  return sql.join(parts, sql` || `);
}

export function readStatement(root: QueryNode, options: ReadOptions): SQL {
  const from = options.source
    ? sql`${options.source} ${sql.identifier(root.alias)}`
    : fromClause(root);
  const where = options.source ? allOf([]) : allOf(conditionsOf(root));
  // Written rows keep the order the statement returned them in (a bulk insert's order).
  const keepOrder = options.source !== undefined && !root.order.length;
  const window = keepOrder ? sql`` : sql`ORDER BY ${orderSql(root)}`;
  const ordered = keepOrder ? sql`` : sql` ORDER BY ${orderSql(root)}`;
  const total = options.count
    ? sql`(SELECT count(*) FROM ${from} WHERE ${where})::int`
    : sql`NULL::int`;
  const body = options.single
    ? sql`(json_agg(page.r ORDER BY page.o) -> 0)::text`
    : sql`coalesce(json_agg(page.r ORDER BY page.o), '[]'::json)::text`;
  const audit = options.audit
    ? { out: sql`, json_agg(page.c)::text AS customers`, row: sql`, ${customersOfTree(root)} AS c` }
    : { out: sql``, row: sql`` };
  return sql`SELECT ${total} AS total, count(page.r)::int AS page_total, ${body} AS body${audit.out} FROM (
    SELECT ${objectSql(root)} AS r, row_number() OVER (${window}) AS o${audit.row}
    FROM ${from} WHERE ${where}${ordered}${options.source ? sql`` : pagingSql(root)}) page`;
}
