import { getTableColumns } from "drizzle-orm";
import {
  getTableConfig,
  getViewConfig,
  type PgColumn,
  type PgTable,
  type PgView,
} from "drizzle-orm/pg-core";
import {
  accounts,
  activeCustomerTariffs,
  benchmarkTariffs,
  customerAccounts,
  customerEvents,
  customerInvites,
  customers,
  customersByEsco,
  customerTariffs,
  escos,
  meters,
  microgridTariffs,
  premises,
} from "@/db/schema";
import type { BlindIndexKind, PiiField } from "@/lib/pii";

/**
 * The tables and columns the admin API exposes, and what may be written. Nothing outside this
 * list can be named in a request: every identifier in the SQL we send comes from here.
 */
export interface ColumnSpec {
  name: string;
  /** The type filter values and body values are cast to (never a length-limited type). */
  type: string;
  readable: boolean;
  insertable: boolean;
  updatable: boolean;
  /**
   * Personal data encrypted at rest (lib/pii.ts): written encrypted, read decrypted, and found
   * only by exact value through its blind index column, when it has one.
   */
  encrypted?: {
    field: PiiField;
    index?: { column: string; kind: BlindIndexKind };
    /** A second blind index, kept for staff search only (a phone's tail, a street's name). */
    searchIndex?: { column: string; kind: BlindIndexKind };
  };
}

export interface TableSpec {
  name: string;
  kind: "table" | "view";
  columns: ColumnSpec[];
  primaryKey: string[];
  /** Foreign keys between exposed tables: column → target table and column. */
  foreignKeys: { name: string; column: string; target: string; targetColumn: string }[];
  writes: { insert: boolean; update: boolean; delete: boolean };
  /** Why a table cannot be written, for the 405 answer. */
  readOnlyReason?: string;
  /**
   * Whose data a row is, for the access audit: a customer id column, or the account or premise
   * whose linked customers it concerns. Tables without one (ESCOs, tariffs) hold no one's data.
   */
  customerKey?: CustomerKey;
}

export interface CustomerKey {
  via: "customer" | "account" | "premise";
  column: string;
}

const customerKeys: Record<string, CustomerKey> = {
  customers: { via: "customer", column: "id" },
  customer_accounts: { via: "customer", column: "customer_id" },
  customer_tariffs: { via: "customer", column: "customer_id" },
  customer_events: { via: "customer", column: "customer_id" },
  customer_invites: { via: "customer", column: "accepted_customer_id" },
  active_customer_tariffs: { via: "customer", column: "id" },
  customers_by_esco: { via: "customer", column: "id" },
  accounts: { via: "account", column: "id" },
  premises: { via: "account", column: "account_id" },
  meters: { via: "premise", column: "premise_id" },
};

interface Access {
  encrypted?: Record<string, NonNullable<ColumnSpec["encrypted"]>>;
  insert?: string[];
  update?: string[];
  delete?: boolean;
  hidden?: string[];
  readOnlyReason?: string;
}

/** Base type of a column for casts: `varchar(254)` compares as text, numerics without scale. */
function castType(column: PgColumn): string {
  const type = column.getSQLType();
  if (type.startsWith("varchar") || type === "text") return "text";
  if (type.startsWith("numeric")) return "numeric";
  if (type === "timestamp with time zone") return "timestamptz";
  if (/^[a-z_][a-z0-9_ ]*$/.test(type)) return type;
  throw new Error(`Column ${column.name} has a type the admin API does not handle: ${type}`);
}

function columnSpecs(columns: PgColumn[], access: Access): ColumnSpec[] {
  const names = new Set(columns.map((c) => c.name));
  for (const listed of [
    ...(access.insert ?? []),
    ...(access.update ?? []),
    ...(access.hidden ?? []),
  ]) {
    if (!names.has(listed)) throw new Error(`The admin API lists an unknown column ${listed}`);
  }
  const indexes = Object.values(access.encrypted ?? {}).flatMap((e) => [
    ...(e.index ? [e.index.column] : []),
    ...(e.searchIndex ? [e.searchIndex.column] : []),
  ]);
  return columns.map((column) => ({
    name: column.name,
    type: castType(column),
    // Blind indexes are how the API finds encrypted values, never something it shows.
    readable: !access.hidden?.includes(column.name) && !indexes.includes(column.name),
    insertable: access.insert?.includes(column.name) ?? false,
    updatable: access.update?.includes(column.name) ?? false,
    ...(access.encrypted?.[column.name] ? { encrypted: access.encrypted[column.name] } : {}),
  }));
}

function table(source: PgTable, access: Access): TableSpec {
  const config = getTableConfig(source);
  const columns = Object.values(getTableColumns(source)) as PgColumn[];
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name);
  return {
    name: config.name,
    kind: "table",
    columns: columnSpecs(columns, access),
    primaryKey: composite ?? columns.filter((c) => c.primary).map((c) => c.name),
    foreignKeys: config.foreignKeys.flatMap((fk) => {
      const ref = fk.reference();
      const [column] = ref.columns;
      const [targetColumn] = ref.foreignColumns;
      if (ref.columns.length !== 1 || !column || !targetColumn) return [];
      const target = getTableConfig(ref.foreignTable).name;
      return [{ name: fk.getName(), column: column.name, target, targetColumn: targetColumn.name }];
    }),
    writes: {
      insert: Boolean(access.insert?.length),
      update: Boolean(access.update?.length),
      delete: access.delete ?? false,
    },
    readOnlyReason: access.readOnlyReason,
  };
}

function view(
  source: PgView,
  primaryKey: string[],
  encrypted: Access["encrypted"] = {},
): TableSpec {
  const config = getViewConfig(source);
  const columns = Object.values(config.selectedFields) as PgColumn[];
  return {
    name: config.name,
    kind: "view",
    columns: columnSpecs(columns, { encrypted }),
    primaryKey,
    foreignKeys: [],
    writes: { insert: false, update: false, delete: false },
    readOnlyReason: `${config.name} is a read-only view.`,
  };
}

const CUSTOMER_PROFILE = ["first_name", "last_name", "business_name", "name", "email", "phone"];

const EMAIL = { field: "email", index: { column: "email_index", kind: "email" } } as const;
const CONTACT = {
  email: EMAIL,
  phone: {
    field: "phone",
    index: { column: "phone_index", kind: "phone" },
    searchIndex: { column: "phone_tail_index", kind: "phone_tail" },
  },
} as const;

export const tableSpecs: TableSpec[] = [
  table(customers, {
    encrypted: CONTACT,
    // `name` is generated; the customer rules split it into its parts.
    insert: ["type", ...CUSTOMER_PROFILE, "status"],
    update: [...CUSTOMER_PROFILE, "status"],
    delete: true,
  }),
  table(customerAccounts, {
    insert: ["customer_id", "account_id", "role"],
    update: ["role"],
    delete: true,
  }),
  table(accounts, {
    insert: ["account_number", "nickname", "type", "status"],
    update: ["nickname", "status", "closed_on"],
    readOnlyReason: "Accounts are closed by status, never deleted.",
  }),
  table(premises, {
    encrypted: {
      street: { field: "street", searchIndex: { column: "street_index", kind: "street" } },
      unit: { field: "unit" },
    },
    insert: [
      "account_id",
      "esco_id",
      "street",
      "unit",
      "city",
      "state",
      "zip",
      "country",
      "is_primary",
    ],
    update: ["street", "unit", "city", "state", "zip", "country", "is_primary"],
    readOnlyReason: "Premises keep their billing history and cannot be deleted.",
  }),
  table(meters, {
    insert: [
      "premise_id",
      "meter_number",
      "type",
      "unit",
      "status",
      "install_date",
      "removal_date",
      "is_smart",
    ],
    update: ["status", "removal_date", "is_smart"],
    readOnlyReason: "Meters are removed by status and removal date, never deleted.",
  }),
  table(customerTariffs, {
    // The computed rates, the source microgrid tariff and is_override are derived, never sent.
    insert: [
      "customer_id",
      "period_start",
      "fuel",
      "benchmark_tariff_id",
      "discount_rate_basis_points",
    ],
    update: ["discount_rate_basis_points"],
    delete: true,
  }),
  table(benchmarkTariffs, {
    insert: ["code", "name", "fuel", "currency", "period_start", "unit_rate", "standing_charge"],
    readOnlyReason: "Published benchmark rates are not changed: add the next period instead.",
  }),
  table(microgridTariffs, {
    insert: [
      "esco_id",
      "benchmark_tariff_id",
      "fuel",
      "period_start",
      "discount_rate_basis_points",
    ],
    readOnlyReason: "Microgrid tariffs are not changed: add the next period instead.",
  }),
  table(customerInvites, {
    encrypted: { email: EMAIL },
    // The token is made, hashed and emailed by the invite rules; its hash is never shown.
    insert: ["account_id", "role", "email"],
    update: ["revoked_at"],
    hidden: ["token_hash"],
    readOnlyReason: "Invites are revoked (PATCH revoked_at), never deleted.",
  }),
  table(customerEvents, { readOnlyReason: "customer_events is the audit trail and is read-only." }),
  table(escos, {
    insert: ["code", "name", "currency", "currency_minor_unit", "timezone"],
    update: ["name"],
    readOnlyReason: "ESCOs cannot be deleted.",
  }),
  view(activeCustomerTariffs, ["id"], { email: EMAIL }),
  view(customersByEsco, ["id", "esco_id"], CONTACT),
];

for (const spec of tableSpecs) spec.customerKey = customerKeys[spec.name];

const byName = new Map(tableSpecs.map((spec) => [spec.name, spec]));

export function findTable(name: string): TableSpec | undefined {
  return byName.get(name);
}

export function findColumn(table: TableSpec, name: string): ColumnSpec | undefined {
  return table.columns.find((c) => c.name === name && c.readable);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        previous + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      previous = saved;
    }
  }
  return row[b.length] as number;
}

/** The exposed table whose name is closest to a mistyped one, for the 404's hint. */
export function suggestTable(name: string): string | undefined {
  if (name.length > 64) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const spec of tableSpecs) {
    const d = distance(name.toLowerCase(), spec.name);
    if (d <= 3 && (!best || d < best.distance)) best = { name: spec.name, distance: d };
  }
  return best?.name;
}
