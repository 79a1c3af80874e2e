import type { Executor } from "@/db/client";

/** An outbox row on its way out. */
export interface OutboxMessage {
  id: number;
  aggregateType: string;
  aggregateId: string;
  eventType: string;
  /** The event as JSON text, exactly as stored: numbers keep every digit. */
  payload: string;
  createdAt: string;
  /** Failed deliveries so far. */
  attempts: number;
}

/** Where the relay hands events: a broker, a mail transport. */
export interface OutboxSink {
  readonly name: string;
  /** The event types this sink delivers; without a list, every type no other sink names. */
  readonly eventTypes?: readonly string[];
  /**
   * Resolves once the event is safely delivered; throws to have it retried later. `tx` is the
   * relay's transaction, for a sink that looks up what an event names by id.
   */
  deliver(message: OutboxMessage, tx: Executor): Promise<void>;
}
