import { Kafka } from "kafkajs";
import { closeDatabase } from "../db/client";
import { consumeBatch, type FeedTopic, feedTopics, topicCaller } from "../lib/feeds/kafka";
import { log } from "../lib/log";
import { shutdownTelemetry } from "../lib/telemetry";

/**
 * npm run ingest:kafka: consumes the feeds' topics (meter.readings, billing.bills,
 * billing.payments) from KAFKA_BROKERS and writes them as the HTTP feeds do. Offsets are
 * committed only after the database has committed the batch; rejected messages are logged
 * with their offset and code.
 */
async function main() {
  // The rows this consumer stores are counted in the ingest metrics, as the HTTP feeds' are.
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    (await import("../instrumentation.node")).startTelemetry();
  }
  const brokers = (process.env.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) throw new Error("Set KAFKA_BROKERS to the brokers to consume from.");
  const prefix = process.env.KAFKA_FEED_TOPIC_PREFIX ?? "";
  const kafka = new Kafka({ clientId: "energy-portal-ingest", brokers });
  const consumer = kafka.consumer({
    groupId: process.env.KAFKA_GROUP_ID ?? "energy-portal-ingest",
  });
  // Stopping is possible from the start: a container stopped while the brokers are still out
  // of reach exits cleanly too. kafkajs's disconnect first waits for the batch in hand: it is
  // written and its offset committed, or, if writing fails, left uncommitted to come again.
  // Never half a batch. The handlers stay: a second signal must not cut the batch either.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await consumer.disconnect();
    await closeDatabase();
    await shutdownTelemetry();
    process.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());

  await consumer.connect();
  for (const topic of Object.keys(feedTopics)) await consumer.subscribe({ topic: prefix + topic });

  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (!isRunning() || isStale()) return;
      const topic = batch.topic.slice(prefix.length) as FeedTopic;
      const { feed } = feedTopics[topic];
      const caller = topicCaller(topic);
      const outcome = await consumeBatch({
        feed,
        messages: batch.messages,
        apply: (inputs) => feed.apply(inputs, caller),
        commit: async (offset) => {
          resolveOffset(batch.messages.at(-1)?.offset ?? offset);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset },
          ]);
        },
        onRejected: (rejected) =>
          log.warn(
            { topic: batch.topic, partition: batch.partition, rejected },
            "feed messages rejected",
          ),
      });
      await heartbeat();
      log.info(
        {
          topic: batch.topic,
          partition: batch.partition,
          ...outcome,
          rejected: outcome.rejected.length,
        },
        "feed batch stored",
      );
    },
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
