/** The parsed form of a PostgREST-style request: what the parser produces, before any table is known. */

export const filterOperators = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
  "in",
  "is",
  "isdistinct",
] as const;
export type FilterOperator = (typeof filterOperators)[number];

/** Operators PostgREST lets take `(any)` / `(all)` over a `{a,b}` list. */
export const quantifiableOperators: readonly FilterOperator[] = [
  "eq",
  "gt",
  "gte",
  "lt",
  "lte",
  "like",
  "ilike",
  "match",
  "imatch",
];

export const isValues = ["null", "not_null", "true", "false", "unknown"] as const;
export type IsValue = (typeof isValues)[number];

export interface Condition {
  kind: "condition";
  column: string;
  negated: boolean;
  operator: FilterOperator;
  quantifier?: "any" | "all";
  /** A list for `in` and quantified operators; for `is` one of `isValues`. */
  value: string | string[];
}

export interface Logic {
  kind: "logic";
  operator: "and" | "or";
  negated: boolean;
  children: FilterNode[];
}

export type FilterNode = Condition | Logic;

export type SelectItem =
  | { kind: "star" }
  | { kind: "column"; name: string; alias?: string; cast?: string }
  | {
      kind: "embed";
      relation: string;
      alias?: string;
      hint?: string;
      join?: "inner" | "left";
      select: SelectItem[];
    };

export interface OrderTerm {
  column: string;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

/** Filters, order and paging apply to the top level (`path` empty) or to an embedded resource. */
export interface ReadQuery {
  select: SelectItem[];
  filters: { path: string[]; node: FilterNode }[];
  orders: { path: string[]; terms: OrderTerm[] }[];
  limits: { path: string[]; limit?: number; offset?: number }[];
  /** `columns=` of a POST: which keys of the body to use. */
  columns?: string[];
}

export interface Preferences {
  return?: "minimal" | "representation" | "headers-only";
  count?: "exact" | "planned" | "estimated";
  missing?: "default" | "null";
  handling?: "strict" | "lenient";
  resolution?: "merge-duplicates" | "ignore-duplicates";
}
