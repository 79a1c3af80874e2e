import type { Executor } from "@/db/client";
import { customerEvents, outbox } from "@/db/schema";
import { type Actor, assertEventPayload, type Change } from "./events";
import { noteWrite } from "./idempotency";

export interface ChangeEntry {
  /** Whose audit trail records it; absent for changes that concern no single customer. */
  customerId?: string;
  /** The audit entry's type, e.g. `CustomerStatusChanged`. */
  type: string;
  data?: Record<string, unknown>;
  event?: Change["event"];
}

/**
 * `recordChange` for many changes by one actor, e.g. a bulk admin write: the audit entries and
 * the integration events in one INSERT each, with the same shapes, in the caller's transaction.
 */
export async function recordChanges(
  tx: Executor,
  actor: Actor,
  changes: ChangeEntry[],
): Promise<void> {
  noteWrite();
  const occurredAt = new Date();
  const audit = changes.flatMap((change) =>
    change.customerId
      ? [
          {
            customerId: change.customerId,
            type: change.type,
            actorType: actor.type,
            actorId: actor.id,
            data: change.data ?? {},
            occurredAt,
          },
        ]
      : [],
  );
  if (audit.length) await tx.insert(customerEvents).values(audit);
  for (const change of changes) {
    if (change.event) assertEventPayload(change.event.type, change.event.payload);
  }
  const events = changes.flatMap((change) =>
    change.event
      ? [
          {
            aggregateType: change.event.aggregateType,
            aggregateId: change.event.aggregateId,
            eventType: change.event.type,
            payload: {
              type: change.event.type,
              occurredAt: occurredAt.toISOString(),
              actor,
              data: change.event.payload,
            },
          },
        ]
      : [],
  );
  if (events.length) await tx.insert(outbox).values(events);
}
