import { type SQL, sql } from "drizzle-orm";
import { type Database, queryRows } from "@/db/client";
import {
  type BlindIndexKind,
  blindIndex,
  currentKeyVersion,
  decryptPii,
  encryptPii,
  keyVersionOf,
  type PiiField,
  type PiiKeys,
  piiKeys,
  reencryptInJson,
} from "@/lib/pii";

interface EncryptedColumn {
  column: string;
  field: PiiField;
  /** The blind index column, rewritten only when the value was still plain text. */
  index?: { column: string; kind: BlindIndexKind };
}

interface EncryptedTable {
  table: string;
  key: string;
  columns: EncryptedColumn[];
}

/** Every column that holds personal data encrypted at rest. */
export const ENCRYPTED_COLUMNS: EncryptedTable[] = [
  {
    table: "customers",
    key: "id",
    columns: [
      { column: "email", field: "email", index: { column: "email_index", kind: "email" } },
      { column: "phone", field: "phone", index: { column: "phone_index", kind: "phone" } },
    ],
  },
  {
    table: "premises",
    key: "id",
    columns: [
      { column: "street", field: "street" },
      { column: "unit", field: "unit" },
    ],
  },
  {
    table: "preferences",
    key: "customer_id",
    columns: [
      { column: "mailing_street", field: "street" },
      { column: "mailing_unit", field: "unit" },
    ],
  },
  {
    table: "customer_invites",
    key: "id",
    columns: [{ column: "email", field: "email", index: { column: "email_index", kind: "email" } }],
  },
];

export type RotationCounts = Record<string, number>;

const id = (name: string) => sql.identifier(name);

/** Rows with a value not under the current key version (older keys, or plain text). */
function staleCondition(spec: EncryptedTable, version: number): SQL {
  const prefix = `v${version}:%`;
  return sql.join(
    spec.columns.map(
      (c) => sql`(${id(c.column)} IS NOT NULL AND ${id(c.column)} NOT LIKE ${prefix})`,
    ),
    sql` OR `,
  );
}

/** One value under the current key; a plain value (stored before encryption) is indexed too. */
function reencrypt(c: EncryptedColumn, value: string, keys: PiiKeys) {
  const plain = keyVersionOf(value) === null ? value : decryptPii(c.field, value, keys);
  return {
    stored: encryptPii(c.field, plain, keys),
    index: keyVersionOf(value) === null && c.index ? blindIndex(c.index.kind, plain, keys) : null,
  };
}

async function rotateBatch(
  db: Database,
  spec: EncryptedTable,
  keys: PiiKeys,
  batchSize: number,
  counts: RotationCounts,
): Promise<number> {
  const version = currentKeyVersion(keys);
  return db.transaction(async (tx) => {
    const rows = await queryRows<Record<string, string | null>>(
      tx,
      sql`SELECT ${id(spec.key)}::text AS key, ${sql.join(
        spec.columns.map((c) => id(c.column)),
        sql`, `,
      )} FROM ${id(spec.table)} WHERE ${staleCondition(spec, version)}
        ORDER BY ${id(spec.key)} LIMIT ${batchSize} FOR UPDATE`,
    );
    if (!rows.length) return 0;
    // One UPDATE per batch: each row's new values, the ones already current left as they are.
    const tuples = rows.map((row) => {
      const values: SQL[] = [sql`${row.key}::uuid`];
      for (const c of spec.columns) {
        const value = row[c.column] ?? null;
        const stale = value !== null && keyVersionOf(value) !== version;
        const next = stale ? reencrypt(c, value, keys) : { stored: value, index: null };
        if (stale) {
          const name = `${spec.table}.${c.column}`;
          counts[name] = (counts[name] ?? 0) + 1;
        }
        values.push(sql`${next.stored}::text`);
        if (c.index) values.push(sql`${next.index}::text`);
      }
      return sql`(${sql.join(values, sql`, `)})`;
    });
    const names = spec.columns.flatMap((c) => [
      c.column,
      ...(c.index ? [`new_${c.index.column}`] : []),
    ]);
    const sets = spec.columns.flatMap((c) => [
      sql`${id(c.column)} = v.${id(c.column)}`,
      ...(c.index
        ? [
            sql`${id(c.index.column)} = coalesce(v.${id(`new_${c.index.column}`)}, t.${id(c.index.column)})`,
          ]
        : []),
    ]);
    await tx.execute(
      sql`UPDATE ${id(spec.table)} AS t SET ${sql.join(sets, sql`, `)}
          FROM (VALUES ${sql.join(tuples, sql`, `)}) AS v(key, ${sql.join(
            names.map((n) => id(n)),
            sql`, `,
          )})
          WHERE t.${id(spec.key)} = v.key`,
    );
    return rows.length;
  });
}

/** The audit trail keeps changed emails and phones encrypted inside its JSON: those too. */
async function rotateAuditBatch(
  db: Database,
  keys: PiiKeys,
  after: number,
  batchSize: number,
  counts: RotationCounts,
): Promise<number | null> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ id: number; data: string }>(
      tx,
      sql`SELECT id::int AS id, data::text AS data FROM customer_events
          WHERE id > ${after} AND data::text ~ '"v[0-9]+:' ORDER BY id LIMIT ${batchSize} FOR UPDATE`,
    );
    for (const row of rows) {
      const { text, count } = reencryptInJson(row.data, keys);
      if (!count) continue;
      await tx.execute(sql`UPDATE customer_events SET data = ${text}::jsonb WHERE id = ${row.id}`);
      counts["customer_events.data"] = (counts["customer_events.data"] ?? 0) + count;
    }
    return rows.at(-1)?.id ?? null;
  });
}

/**
 * Re-encrypts every personal value that is not under the current (highest) key version, in
 * batches, each in its own transaction, so the portal keeps running meanwhile. Values still in
 * plain text (stored before encryption was introduced) are encrypted and indexed. Running it again
 * finds nothing to do. Returns how many values of each column were rewritten.
 */
export async function rotatePiiKeys(
  db: Database,
  { batchSize = 500, keys = piiKeys() }: { batchSize?: number; keys?: PiiKeys } = {},
): Promise<RotationCounts> {
  const counts: RotationCounts = {};
  for (const spec of ENCRYPTED_COLUMNS) {
    for (const c of spec.columns) counts[`${spec.table}.${c.column}`] = 0;
    while ((await rotateBatch(db, spec, keys, batchSize, counts)) > 0) {
      // next batch
    }
  }
  counts["customer_events.data"] = 0;
  for (
    let after: number | null = 0;
    after !== null;
    after = await rotateAuditBatch(db, keys, after, batchSize, counts)
  ) {
    // next batch
  }
  return counts;
}

interface SearchIndex {
  table: string;
  key: string;
  column: string;
  field: PiiField;
  index: { column: string; kind: BlindIndexKind };
}

/** The blind indexes kept for staff search only, beside the columns they are computed from. */
export const SEARCH_INDEXES: SearchIndex[] = [
  {
    table: "customers",
    key: "id",
    column: "phone",
    field: "phone",
    index: { column: "phone_tail_index", kind: "phone_tail" },
  },
  {
    table: "premises",
    key: "id",
    column: "street",
    field: "street",
    index: { column: "street_index", kind: "street" },
  },
];

async function indexBatch(
  db: Database,
  spec: SearchIndex,
  keys: PiiKeys,
  batchSize: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await queryRows<{ key: string; value: string }>(
      tx,
      sql`SELECT ${id(spec.key)}::text AS key, ${id(spec.column)} AS value FROM ${id(spec.table)}
          WHERE ${id(spec.column)} IS NOT NULL AND ${id(spec.index.column)} IS NULL
          ORDER BY ${id(spec.key)} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`,
    );
    if (!rows.length) return 0;
    const tuples = rows.map((row) => {
      const plain =
        keyVersionOf(row.value) === null ? row.value : decryptPii(spec.field, row.value, keys);
      return sql`(${row.key}::uuid, ${blindIndex(spec.index.kind, plain, keys)}::text)`;
    });
    await tx.execute(
      sql`UPDATE ${id(spec.table)} AS t SET ${id(spec.index.column)} = v.value
          FROM (VALUES ${sql.join(tuples, sql`, `)}) AS v(key, value)
          WHERE t.${id(spec.key)} = v.key`,
    );
    return rows.length;
  });
}

/**
 * Computes the staff-search blind indexes of rows written before they existed, in batches, each in
 * its own transaction. Running it again finds nothing to do. Returns how many rows of each
 * column were indexed.
 */
export async function backfillSearchIndexes(
  db: Database,
  { batchSize = 500, keys = piiKeys() }: { batchSize?: number; keys?: PiiKeys } = {},
): Promise<RotationCounts> {
  const counts: RotationCounts = {};
  for (const spec of SEARCH_INDEXES) {
    const name = `${spec.table}.${spec.index.column}`;
    counts[name] = 0;
    for (let n = await indexBatch(db, spec, keys, batchSize); n > 0; ) {
      counts[name] += n;
      n = await indexBatch(db, spec, keys, batchSize);
    }
  }
  return counts;
}
