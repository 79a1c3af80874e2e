import { AppError } from "@/lib/errors";

/** A line of a feed body, numbered from 1 as an editor would. */
export interface FeedLine {
  line: number;
  text: string;
}

/** Longer lines are refused on their own, so that one bad line cannot exhaust memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * The body's lines, read as they arrive: only the current chunk and the line being assembled
 * are held, so a body of a million lines is read in bounded memory. Blank lines are skipped
 * (they keep their number); a line over MAX_LINE_BYTES comes back with `tooLong`.
 */
export async function* feedLines(
  body: ReadableStream<Uint8Array> | null,
): AsyncGenerator<FeedLine & { tooLong?: boolean }> {
  if (!body) return;
  const decoder = new TextDecoder("utf-8", { fatal: false });
  const reader = body.getReader();
  let pending = "";
  let skipping = false;
  let number = 0;
  const emit = function* (text: string, tooLong = false) {
    number += 1;
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (tooLong) yield { line: number, text: "", tooLong: true };
    else if (line.trim() !== "") yield { line: number, text: line };
  };
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new AppError(
        "bad_request",
        "The request body ended early. The batches before the break were written; send the body again and the lines already taken count as duplicates.",
      );
    }
    const { done, value } = next;
    const chunk = done ? decoder.decode() : decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = chunk.indexOf("\n"); end !== -1; end = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, end);
      start = end + 1;
      if (skipping) {
        skipping = false;
        yield* emit("", true);
      } else yield* emit(pending + piece);
      pending = "";
    }
    if (!skipping) {
      pending += chunk.slice(start);
      if (pending.length > MAX_LINE_BYTES) {
        pending = "";
        skipping = true;
      }
    }
    if (done) break;
  }
  if (skipping) yield* emit("", true);
  else if (pending !== "") yield* emit(pending);
}

export type FeedFormat = "ndjson" | "csv";

/** The body's format from its Content-Type; anything else is refused with 415. */
export function feedFormat(contentType: string | null, allowed: readonly FeedFormat[]): FeedFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  const format =
    type === "application/x-ndjson" || type === "application/jsonl"
      ? "ndjson"
      : type === "text/csv"
        ? "csv"
        : null;
  if (!format || !allowed.includes(format)) {
    const names = allowed.map((f) => (f === "csv" ? "text/csv" : "application/x-ndjson"));
    throw new AppError("unsupported_media_type", `Send the feed as ${names.join(" or ")}.`);
  }
  return format;
}

/** RFC 4180 fields of one CSV record (quotes, doubled quotes); null when the quoting is broken. */
export function csvFields(text: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
    i += 1;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
