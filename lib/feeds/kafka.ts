import type { ServicePrincipal } from "@/lib/auth/principal";
import {
  billsFeed,
  type Feed,
  isRejection,
  paymentsFeed,
  readingsFeed,
} from "@/lib/domain/ingest/feeds";
import { type FeedOutcome, malformed, type Rejection } from "@/lib/ingest/outcome";

/**
 * The feeds as Kafka topics. A message's value is one line of the feed's NDJSON; a batch of
 * messages is written exactly as the HTTP endpoint writes a batch of lines, by the same code.
 */
export const feedTopics = {
  "meter.readings": { feed: readingsFeed as Feed<unknown>, role: "meter-feed" },
  "billing.bills": { feed: billsFeed as Feed<unknown>, role: "billing-feed" },
  "billing.payments": { feed: paymentsFeed as Feed<unknown>, role: "billing-feed" },
} as const;

export type FeedTopic = keyof typeof feedTopics;

export interface KafkaRecord {
  offset: string;
  value: Buffer | null;
}

/**
 * A batch's messages as the feed's inputs. Offsets stand in for line numbers, so a rejection
 * names the message it came from; an undecodable message is rejected, never retried forever.
 */
export function decodeMessages<T>(
  feed: Feed<T>,
  messages: readonly KafkaRecord[],
): { inputs: T[]; rejected: Rejection[] } {
  const inputs: T[] = [];
  const rejected: Rejection[] = [];
  for (const message of messages) {
    const line = Number(message.offset);
    let value: unknown;
    try {
      value = message.value ? JSON.parse(message.value.toString("utf8")) : undefined;
    } catch {
      value = undefined;
    }
    const input =
      value === undefined ? malformed(line, "The message is not JSON.") : feed.parse(value, line);
    if (isRejection(input)) rejected.push(input);
    else inputs.push(input);
  }
  return { inputs, rejected };
}

/** The service the topic's messages are attributed to, as the HTTP feed attributes a caller. */
export function topicCaller(topic: FeedTopic): ServicePrincipal {
  return {
    kind: "service",
    subject: `kafka:${topic}`,
    clientId: `kafka:${topic}`,
    roles: [feedTopics[topic].role],
    via: "bearer",
  };
}

/**
 * One batch of one partition: decode, write (one transaction per feed batch), and only then
 * commit the offset after the last message. If writing fails nothing is committed, and the
 * messages come again; writing them again is idempotent, so nothing is applied twice.
 */
export async function consumeBatch<T>({
  feed,
  messages,
  apply,
  commit,
  onRejected,
}: {
  feed: Feed<T>;
  messages: readonly KafkaRecord[];
  apply: (inputs: T[]) => Promise<Omit<FeedOutcome, "rejectedCount">>;
  commit: (nextOffset: string) => Promise<void>;
  onRejected?: (rejected: Rejection[]) => void;
}): Promise<Omit<FeedOutcome, "rejectedCount">> {
  const last = messages.at(-1);
  if (!last) return { accepted: 0, duplicates: 0, replaced: 0, rejected: [] };
  const { inputs, rejected } = decodeMessages(feed, messages);
  const outcome = { accepted: 0, duplicates: 0, replaced: 0, rejected: [...rejected] };
  for (let i = 0; i < inputs.length; i += feed.batchSize) {
    const written = await apply(inputs.slice(i, i + feed.batchSize));
    outcome.accepted += written.accepted;
    outcome.duplicates += written.duplicates;
    outcome.replaced += written.replaced;
    outcome.rejected.push(...written.rejected);
  }
  outcome.rejected.sort((a, b) => a.line - b.line);
  if (outcome.rejected.length) onRejected?.(outcome.rejected);
  await commit(String(BigInt(last.offset) + 1n));
  return outcome;
}
