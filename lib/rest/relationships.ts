import { quote, RestError, unknownRelationship } from "./errors";
import { type TableSpec, tableSpecs } from "./tables";

/**
 * How one exposed table embeds another, derived from the foreign keys as PostgREST does:
 * to-one along a key of the table itself, to-many along a key of the other table, and
 * many-to-many through a junction table whose primary key is its two foreign keys.
 */
export interface Relationship {
  kind: "to-one" | "to-many" | "many-to-many";
  target: TableSpec;
  /** What a request may call it: `account` or `accounts` for account_id, child table names. */
  names: string[];
  /** What `rel!hint(...)` may name: the key column, the constraint, or the junction table. */
  hints: string[];
  /** The columns joined: `parent.parentColumn = target.childColumn`. */
  parentColumn: string;
  childColumn: string;
  /** For many-to-many: `junction.parentColumn = parent.parentColumn`, `junction.childColumn = target.childColumn`. */
  junction?: { table: TableSpec; parentColumn: string; childColumn: string };
}

function junctionKeys(spec: TableSpec) {
  if (spec.primaryKey.length !== 2) return null;
  const keys = spec.primaryKey.map((column) => spec.foreignKeys.find((fk) => fk.column === column));
  return keys.every(Boolean) ? (keys as TableSpec["foreignKeys"]) : null;
}

function relationshipsOf(spec: TableSpec): Relationship[] {
  const find = (name: string) => tableSpecs.find((t) => t.name === name && t.kind === "table");
  const found: Relationship[] = [];
  for (const fk of spec.foreignKeys) {
    const target = find(fk.target);
    if (!target) continue;
    found.push({
      kind: "to-one",
      target,
      names: [...new Set([fk.column.replace(/_id$/, ""), target.name])],
      hints: [fk.column, fk.name],
      parentColumn: fk.column,
      childColumn: fk.targetColumn,
    });
  }
  for (const other of tableSpecs) {
    for (const fk of other.foreignKeys) {
      if (fk.target !== spec.name) continue;
      found.push({
        kind: "to-many",
        target: other,
        names: [other.name],
        hints: [fk.column, fk.name],
        parentColumn: fk.targetColumn,
        childColumn: fk.column,
      });
    }
    const keys = junctionKeys(other);
    if (!keys) continue;
    for (const [near, far] of [keys, [...keys].reverse()] as const) {
      const target = find(far?.target ?? "");
      if (near?.target !== spec.name || !far || !target || target === spec) continue;
      found.push({
        kind: "many-to-many",
        target,
        names: [target.name],
        hints: [other.name],
        parentColumn: near.targetColumn,
        childColumn: far.targetColumn,
        junction: { table: other, parentColumn: near.column, childColumn: far.column },
      });
    }
  }
  return found;
}

const cache = new Map<string, Relationship[]>();

export function relationships(spec: TableSpec): Relationship[] {
  let list = cache.get(spec.name);
  if (!list) {
    list = relationshipsOf(spec);
    cache.set(spec.name, list);
  }
  return list;
}

/** The one relationship `name` (and `hint`) designates, or PGRST200 / PGRST201. */
export function findRelationship(spec: TableSpec, name: string, hint?: string): Relationship {
  let candidates = relationships(spec).filter((r) => r.names.includes(name));
  if (hint !== undefined) candidates = candidates.filter((r) => r.hints.includes(hint));
  const [only, ...others] = candidates;
  if (!only) throw unknownRelationship(spec.name, hint ? `${name}!${hint}` : name);
  if (others.length) {
    throw new RestError(
      300,
      "PGRST201",
      `Could not embed because more than one relationship was found for '${spec.name}' and '${quote(name)}'`,
      { hint: `Add a hint: ${candidates.map((r) => `${name}!${r.hints[0]}`).join(" or ")}` },
    );
  }
  return only;
}
