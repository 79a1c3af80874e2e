/**
 * What a feed answers: counts, and the rejected lines with a stable code each. Shared by the
 * three feeds (readings, bills, payments), the HTTP endpoints and the Kafka consumer.
 */
export const rejectionCodes = [
  "malformed_line",
  "not_a_number",
  "value_out_of_range",
  "unknown_meter",
  "meter_removed",
  "before_install",
  "off_interval",
  "in_future",
  "register_backwards",
  "conflicting_read",
  "unknown_account",
  "invalid_bill",
  "invalid_payment",
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export interface Rejection {
  line: number;
  code: RejectionCode;
  detail: string;
}

export interface FeedOutcome {
  accepted: number;
  duplicates: number;
  replaced: number;
  rejected: Rejection[];
  rejectedCount: number;
}

/** At most this many rejections are listed; all of them are counted. */
export const MAX_LISTED_REJECTIONS = 1000;

export function emptyOutcome(): FeedOutcome {
  return { accepted: 0, duplicates: 0, replaced: 0, rejected: [], rejectedCount: 0 };
}

/**
 * Adds a batch's outcome to the running total. Batches may finish out of line order (feeds
 * write several at once), so the rejections kept are the lowest-numbered, trimmed as they come.
 */
export function addOutcome(total: FeedOutcome, batch: Omit<FeedOutcome, "rejectedCount">) {
  total.accepted += batch.accepted;
  total.duplicates += batch.duplicates;
  total.replaced += batch.replaced;
  total.rejectedCount += batch.rejected.length;
  total.rejected.push(...batch.rejected);
  if (total.rejected.length > 2 * MAX_LISTED_REJECTIONS) finishOutcome(total);
}

/** The total as answered: the first MAX_LISTED_REJECTIONS rejections, in line order. */
export function finishOutcome(total: FeedOutcome): FeedOutcome {
  total.rejected.sort((a, b) => a.line - b.line);
  total.rejected.length = Math.min(total.rejected.length, MAX_LISTED_REJECTIONS);
  return total;
}

/** A line that could not be read as a record at all. */
export function malformed(line: number, detail: string): Rejection {
  return { line, code: "malformed_line", detail };
}
