import { type SQL, sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { DEFAULT, type Value, type Values } from "./body";
import { allOf, typed } from "./compile-filter";
import {
  conditionsOf,
  fromClause,
  orderSql,
  pagingSql,
  type ReadRow,
  readStatement,
} from "./compile-read";
import { RestError } from "./errors";
import type { QueryNode } from "./resolve";
import type { TableSpec } from "./tables";

/** A row as the domain rules and events see it: every value as text, as Postgres prints it. */
export type Row = Record<string, string | null>;

/** Most rows one request may change: bulk writes beyond this are split by the client. */
export const MAX_AFFECTED = 1_000;

/** The row under `alias` as a JSON object of text values, so no number passes through a float. */
function textRow(alias: string): SQL {
  return sql`(SELECT json_object_agg(e.key, e.value #>> '{}')
    FROM json_each(row_to_json(${sql.identifier(alias)})) e)`;
}

function columnType(spec: TableSpec, name: string): string {
  const column = spec.columns.find((c) => c.name === name);
  if (!column) throw new Error(`Unknown column ${spec.name}.${name}`);
  return column.type;
}

/** A value for an INSERT or SET: bound and cast to the column's type (types from the allow-list). */
export function valueSql(spec: TableSpec, column: string, value: Value): SQL {
  if (value === DEFAULT) return sql`DEFAULT`;
  if (value === null) return sql`NULL`;
  return typed(value, columnType(spec, column));
}

/** `(pk) IN ((...), ...)` for rows read earlier in the transaction. */
export function primaryKeyIn(spec: TableSpec, alias: string, rows: Row[]): SQL {
  const keys = spec.primaryKey.map((k) => sql`${sql.identifier(alias)}.${sql.identifier(k)}`);
  const tuples = rows.map(
    (row) =>
      sql`(${sql.join(
        spec.primaryKey.map((k) => valueSql(spec, k, row[k] ?? null)),
        sql`, `,
      )})`,
  );
  return sql`(${sql.join(keys, sql`, `)}) IN (${sql.join(tuples, sql`, `)})`;
}

export function insertDml(spec: TableSpec, columns: string[], rows: Values[]): SQL {
  const table = sql.identifier(spec.name);
  if (!columns.length) {
    if (rows.length !== 1)
      throw new RestError(400, "PGRST102", "Objects to insert have no columns");
    return sql`INSERT INTO ${table} DEFAULT VALUES RETURNING *`;
  }
  const tuples = rows.map(
    (row) =>
      sql`(${sql.join(
        columns.map((c) => valueSql(spec, c, row[c] ?? null)),
        sql`, `,
      )})`,
  );
  return sql`INSERT INTO ${table} (${sql.join(
    columns.map((c) => sql.identifier(c)),
    sql`, `,
  )}) VALUES ${sql.join(tuples, sql`, `)} RETURNING *`;
}

/** The UPDATE of a PATCH; `derived` adds assignments a table's rules compute in SQL. */
export function updateDml(
  spec: TableSpec,
  patch: Values,
  targets: Row[],
  derived: SQL[] = [],
): SQL {
  const sets = Object.entries(patch).map(
    ([column, value]) => sql`${sql.identifier(column)} = ${valueSql(spec, column, value)}`,
  );
  sets.push(...derived);
  // The schema stamps updated_at in application code, not with a trigger.
  if (spec.columns.some((c) => c.name === "updated_at") && !("updated_at" in patch)) {
    sets.push(sql`updated_at = now()`);
  }
  return sql`UPDATE ${sql.identifier(spec.name)} AS t SET ${sql.join(sets, sql`, `)}
    WHERE ${primaryKeyIn(spec, "t", targets)} RETURNING *`;
}

export function deleteDml(spec: TableSpec, targets: Row[]): SQL {
  return sql`DELETE FROM ${sql.identifier(spec.name)} AS t WHERE ${primaryKeyIn(spec, "t", targets)}
    RETURNING *`;
}

/**
 * The rows a PATCH or DELETE will change, locked until the transaction ends so the domain
 * checks made on them still hold when the change is written.
 */
export async function lockTargets(tx: Executor, root: QueryNode): Promise<Row[]> {
  const rows = await queryRows<{ row: string }>(
    tx,
    sql`SELECT ${textRow(root.alias)}::text AS row FROM ${fromClause(root)}
      WHERE ${allOf(conditionsOf(root))} ORDER BY ${orderSql(root)}${pagingSql(root)}
      FOR UPDATE OF ${sql.identifier(root.alias)}`,
  );
  if (rows.length > MAX_AFFECTED) {
    throw new RestError(400, "PGRST124", `The request would change ${rows.length} rows`, {
      details: `At most ${MAX_AFFECTED} rows can be changed at a time; narrow the filters.`,
    });
  }
  return rows.map((r) => JSON.parse(r.row) as Row);
}

export interface WriteResult extends ReadRow {
  rows: Row[];
}

/**
 * ONE statement: the INSERT/UPDATE/DELETE as a data-modifying CTE, the representation the client
 * asked for read from its RETURNING rows (embedding included), and the rows as text for events.
 */
export async function runWrite(
  tx: Executor,
  dml: SQL,
  root: QueryNode,
  options: { count: boolean; single: boolean },
): Promise<WriteResult> {
  const [result] = await queryRows<ReadRow & { rows: string | null }>(
    tx,
    sql`WITH changed AS (${dml})
      SELECT rep.total, rep.page_total, rep.body,
        (SELECT json_agg(${textRow("c")})::text FROM changed c) AS rows
      FROM (${readStatement(root, { ...options, source: sql`changed` })}) rep`,
  );
  if (!result) throw new Error("A write statement returned no result row");
  return { ...result, rows: result.rows ? (JSON.parse(result.rows) as Row[]) : [] };
}

/** The representation of rows changed by several statements (erasure): read afterwards. */
export async function readChanged(
  tx: Executor,
  root: QueryNode,
  rows: Row[],
  options: { count: boolean; single: boolean },
): Promise<ReadRow> {
  const source = rows.length
    ? sql`(SELECT * FROM ${sql.identifier(root.table.name)} AS t WHERE ${primaryKeyIn(root.table, "t", rows)})`
    : sql`(SELECT * FROM ${sql.identifier(root.table.name)} WHERE false)`;
  const [result] = await queryRows<ReadRow>(tx, readStatement(root, { ...options, source }));
  if (!result) throw new Error("A read statement returned no result row");
  return result;
}
