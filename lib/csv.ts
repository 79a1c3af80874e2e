/**
 * RFC 4180 CSV. Values are written as the JSON API sends them (numbers unformatted, instants in
 * ISO 8601), so a download and a page of the API agree field for field.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record with its CRLF line break. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** A column: its header and how to read its value from one JSON item. */
export interface CsvColumn<T> {
  header: string;
  value: (item: T) => CsvValue;
}

export function csvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return csvRow(columns.map((c) => c.header));
}

export function csvRecords<T>(columns: readonly CsvColumn<T>[], items: readonly T[]): string {
  return items.map((item) => csvRow(columns.map((c) => c.value(item)))).join("");
}

/**
 * `attachment; filename="…"` with a name safe in any header and file system: anything but
 * letters, digits, dot, dash and underscore becomes an underscore.
 */
export function attachment(filename: string): string {
  return `attachment; filename="${filename.replace(/[^\w.-]/g, "_")}"`;
}
