import { Kafka, type Message, type Producer } from "kafkajs";
import type { OutboxMessage, OutboxSink } from "./types";

/** One topic per aggregate type (`portal.customer`, `portal.account`, …). */
export function topicFor(aggregateType: string, prefix = "portal."): string {
  return `${prefix}${aggregateType}`;
}

/**
 * The record for an event: keyed by aggregate id, so one aggregate's events share a partition
 * and stay in order; the value is the event's JSON as stored; headers say what it is, and the
 * outbox id lets consumers drop the duplicates at-least-once delivery can produce.
 */
export function kafkaMessage(message: OutboxMessage): Message {
  return {
    key: message.aggregateId,
    value: message.payload,
    headers: {
      "event-type": message.eventType,
      "event-id": String(message.id),
      "aggregate-type": message.aggregateType,
      "content-type": "application/json",
    },
  };
}

export interface KafkaSink extends OutboxSink {
  close(): Promise<void>;
}

/** Every event no other sink claims, to Kafka; a send is acknowledged by all in-sync replicas. */
export async function kafkaSink({
  brokers,
  clientId = "energy-portal-outbox",
  topicPrefix,
}: {
  brokers: string[];
  clientId?: string;
  topicPrefix?: string;
}): Promise<KafkaSink> {
  const producer: Producer = new Kafka({ clientId, brokers }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  return {
    name: "kafka",
    async deliver(message) {
      await producer.send({
        topic: topicFor(message.aggregateType, topicPrefix),
        acks: -1,
        messages: [kafkaMessage(message)],
      });
    },
    close: () => producer.disconnect(),
  };
}
