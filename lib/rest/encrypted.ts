import { blindIndex, decryptPii, encryptPii, revealPiiInJson } from "@/lib/pii";
import { DEFAULT, type Values } from "./body";
import type { TableSpec } from "./tables";
import type { Row } from "./write-sql";

/**
 * Personal data through the admin API: clients send and read plain values; the table holds them
 * encrypted, each next to its blind index (see `ColumnSpec.encrypted`).
 */

/** Values to write with their encrypted columns encrypted and blind-indexed. */
export function sealValues(spec: TableSpec, values: Values): Values {
  const out: Values = { ...values };
  for (const column of spec.columns) {
    const value = values[column.name];
    if (!column.encrypted || value === undefined || value === DEFAULT) continue;
    out[column.name] = encryptPii(column.encrypted.field, value);
    const index = column.encrypted.index;
    if (index) out[index.column] = blindIndex(index.kind, value);
    const search = column.encrypted.searchIndex;
    if (search) out[search.column] = blindIndex(search.kind, value);
  }
  return out;
}

/** A row as the domain rules and events see it: decrypted, without blind indexes. */
export function revealRow(spec: TableSpec, row: Row): Row {
  const out: Row = { ...row };
  for (const column of spec.columns) {
    if (!column.encrypted) continue;
    const value = row[column.name];
    if (value !== undefined) out[column.name] = decryptPii(column.encrypted.field, value);
    if (column.encrypted.index) delete out[column.encrypted.index.column];
    if (column.encrypted.searchIndex) delete out[column.encrypted.searchIndex.column];
  }
  return out;
}

/**
 * A response body (JSON text, numbers kept as written) with encrypted values decrypted, under
 * whatever key the select gave them, in embedded resources too.
 */
export function revealBody(body: string | null): string | null {
  return body === null ? null : revealPiiInJson(body);
}
