import "server-only";
import type { FeedRole, ServicePrincipal } from "@/lib/auth/principal";
import { type Feed, isRejection } from "@/lib/domain/ingest/feeds";
import { AppError } from "@/lib/errors";
import {
  addOutcome,
  emptyOutcome,
  type FeedOutcome,
  finishOutcome,
  malformed,
  type Rejection,
} from "@/lib/ingest/outcome";
import { csvFields, type FeedFormat, type FeedLine, feedFormat, feedLines } from "./feed-lines";
import { withService } from "./handler";

/** FNV-1a: spreads keys over the lanes the same way on every run. */
function laneOf(key: string, lanes: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return (hash >>> 0) % lanes;
}

interface Lane<T> {
  batch: T[];
  writing: Promise<void>;
}

/**
 * Runs a feed body through its feed: lines are parsed as they arrive and written a batch at a
 * time, each batch in its own transaction, so a failure part-way leaves whole batches only and
 * sending the body again converges to the same state. A feed with lanes writes that many batches
 * at once, each lane taking its own keys (a meter's reads always go to the same lane, in order),
 * while the next lines are read; at most one batch a lane is in flight and one being filled.
 */
export async function runFeed<T>(
  feed: Feed<T>,
  format: FeedFormat,
  lines: AsyncIterable<FeedLine & { tooLong?: boolean }>,
  caller: ServicePrincipal,
): Promise<FeedOutcome> {
  const total = emptyOutcome();
  const lanes: Lane<T>[] = Array.from({ length: feed.lanes ?? 1 }, () => ({
    batch: [],
    writing: Promise.resolve(),
  }));
  let rejected: Rejection[] = [];
  let fromCsv: ((fields: string[], line: number) => T | Rejection) | undefined;

  const dispatch = async (lane: Lane<T>) => {
    const batch = lane.batch;
    lane.batch = [];
    await lane.writing;
    lane.writing = feed.apply(batch, caller).then((written) => addOutcome(total, written));
    // Awaited later; marked handled now so a failure while another lane is awaited is not lost.
    lane.writing.catch(() => {});
  };

  const readAll = async () => {
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
      if (isRejection(input)) {
        rejected.push(input);
        if (rejected.length >= feed.batchSize) {
          addOutcome(total, { accepted: 0, duplicates: 0, replaced: 0, rejected });
          rejected = [];
        }
        continue;
      }
      const lane = lanes[feed.laneKey ? laneOf(feed.laneKey(input), lanes.length) : 0] as Lane<T>;
      lane.batch.push(input);
      if (lane.batch.length >= feed.batchSize) await dispatch(lane);
    }
    for (const lane of lanes) if (lane.batch.length) await dispatch(lane);
  };

  try {
    await readAll();
  } finally {
    // Batches already sent to the database finish, whatever happened to the body.
    await Promise.allSettled(lanes.map((lane) => lane.writing));
  }
  await Promise.all(lanes.map((lane) => lane.writing));
  addOutcome(total, { accepted: 0, duplicates: 0, replaced: 0, rejected });
  return finishOutcome(total);
}

/** The POST handler of a feed endpoint: the service's role, the body's format, the outcome. */
export function feedRoute<T>(role: FeedRole, feed: Feed<T>) {
  return withService(
    role,
    async ({ req, principal }) => {
      const format = feedFormat(req.headers.get("content-type"), feed.formats);
      return Response.json(await runFeed(feed, format, feedLines(req.body), principal));
    },
    { converges: true },
  );
}
