import "server-only";
import type { FeedRole, ServicePrincipal } from "@/lib/auth/principal";
import { type Feed, isRejection } from "@/lib/domain/ingest/feeds";
import { AppError } from "@/lib/errors";
import {
  addOutcome,
  emptyOutcome,
  type FeedOutcome,
  malformed,
  type Rejection,
} from "@/lib/ingest/outcome";
import { csvFields, type FeedFormat, type FeedLine, feedFormat, feedLines } from "./feed-lines";
import { withService } from "./handler";

/**
 * Runs a feed body through its feed: lines are parsed as they arrive and written a batch at a
 * time, each batch in its own transaction, so a failure part-way leaves whole batches only and
 * sending the body again converges to the same state.
 */
export async function runFeed<T>(
  feed: Feed<T>,
  format: FeedFormat,
  lines: AsyncIterable<FeedLine & { tooLong?: boolean }>,
  caller: ServicePrincipal,
): Promise<FeedOutcome> {
  const total = emptyOutcome();
  let batch: T[] = [];
  let rejected: Rejection[] = [];
  let fromCsv: ((fields: string[], line: number) => T | Rejection) | undefined;

  const flush = async () => {
    const written = batch.length ? await feed.apply(batch, caller) : undefined;
    const all = [...rejected, ...(written?.rejected ?? [])].sort((a, b) => a.line - b.line);
    addOutcome(total, {
      accepted: written?.accepted ?? 0,
      duplicates: written?.duplicates ?? 0,
      replaced: written?.replaced ?? 0,
      rejected: all,
    });
    batch = [];
    rejected = [];
  };

  for await (const { line, text, tooLong } of lines) {
    let input: T | Rejection;
    if (tooLong) input = malformed(line, "The line is too long.");
    else if (format === "csv") {
      const fields = csvFields(text);
      if (!fromCsv) {
        if (!fields || !feed.csv)
          throw new AppError("validation_failed", "The CSV header row is unreadable.");
        fromCsv = feed.csv(fields.map((f) => f.trim()));
        continue;
      }
      input = fields ? fromCsv(fields, line) : malformed(line, "The quoting is unbalanced.");
    } else {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = undefined;
      }
      input =
        value === undefined ? malformed(line, "The line is not JSON.") : feed.parse(value, line);
    }
    if (isRejection(input)) rejected.push(input);
    else batch.push(input);
    if (batch.length + rejected.length >= feed.batchSize) await flush();
  }
  await flush();
  return total;
}

/** The POST handler of a feed endpoint: the service's role, the body's format, the outcome. */
export function feedRoute<T>(role: FeedRole, feed: Feed<T>) {
  return withService(role, async ({ req, principal }) => {
    const format = feedFormat(req.headers.get("content-type"), feed.formats);
    return Response.json(await runFeed(feed, format, feedLines(req.body), principal));
  });
}
