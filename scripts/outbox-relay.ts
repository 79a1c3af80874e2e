import { openDatabase } from "../db/client";
import { outboxEnv } from "../lib/env";
import { kafkaSink } from "../lib/outbox/kafka-sink";
import { devMailbox, mailSink } from "../lib/outbox/mail-sink";
import { runRelay } from "../lib/outbox/relay";
import type { OutboxSink } from "../lib/outbox/types";

/**
 * npm run outbox:relay: publishes the outbox until stopped, and deletes published rows after
 * OUTBOX_RETENTION_DAYS (7). Emails go to the mail sink (here the
 * dev mailbox; a real transport plugs in there); everything else to Kafka when KAFKA_BROKERS
 * lists brokers, and otherwise stays in the outbox until a relay with brokers runs.
 * The embedded database allows one process at a time: with PGlite, stop the portal first.
 */
async function main() {
  const database = openDatabase();
  const sinks: OutboxSink[] = [mailSink(devMailbox)];
  const brokers = (process.env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  const kafka = brokers.length
    ? await kafkaSink({ brokers, topicPrefix: process.env.KAFKA_TOPIC_PREFIX })
    : undefined;
  if (kafka) sinks.push(kafka);

  // A stop lets the batch in hand finish (delivered and marked, in its transaction), then exits
  // 0. The handlers stay: a second signal, as a shell's Ctrl+C sends, must not cut the batch.
  const stop = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stop.abort());
  console.log(
    `Relaying the outbox (${database.kind}) to ${sinks.map((s) => s.name).join(" and ")}. Ctrl+C stops.`,
  );
  try {
    await runRelay({
      db: database.db,
      sinks,
      signal: stop.signal,
      pollMs: Number(process.env.OUTBOX_POLL_MS ?? 1000),
      retentionDays: outboxEnv().OUTBOX_RETENTION_DAYS,
      onBatch: ({ published, failed, purged }) =>
        console.log(JSON.stringify({ published: published.length, failed: failed.length, purged })),
    });
  } finally {
    await kafka?.close();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
