import type { Executor } from "@/db/client";
import type { ActorType } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { recordChanges } from "./record-changes";

/** Integration events other services consume, published from the outbox. */
export const integrationEventTypes = [
  "CustomerCreated",
  "CustomerUpdated",
  "CustomerStatusChanged",
  "CustomerErased",
  "AccountCreated",
  "AccountUpdated",
  "AccountStatusChanged",
  "AccountLinked",
  "AccountUnlinked",
  "PremiseAdded",
  "PremiseUpdated",
  "MeterInstalled",
  "MeterRemoved",
  "PreferencesUpdated",
  "TariffChanged",
  "InviteCreated",
  "InviteAccepted",
  "InviteRevoked",
  "BillIssued",
  "PaymentReceived",
] as const;
export type IntegrationEventType = (typeof integrationEventTypes)[number];

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const systemActor: Actor = { type: "system", id: null };

/** Who a change is attributed to in the audit trail. */
export function actorOf(principal: Principal): Actor {
  if (principal.kind === "customer") return { type: "customer", id: principal.subject };
  if (principal.kind === "service") return { type: "system", id: principal.clientId };
  return { type: principal.roles.includes("admin") ? "admin" : "staff", id: principal.subject };
}

export interface Change {
  customerId: string;
  /** The audit entry's type, e.g. `ProfileUpdated`. */
  type: string;
  actor: Actor;
  data?: Record<string, unknown>;
  /** The integration event to publish, written in the same transaction. */
  event?: {
    type: IntegrationEventType;
    aggregateType: "customer" | "account" | "premise" | "meter" | "invite" | "bill" | "payment";
    aggregateId: string;
    payload: Record<string, unknown>;
  };
}

/**
 * Records a change in the customer's audit trail and queues its integration event. Call it
 * inside the transaction that makes the change, so neither exists without the other.
 */
export async function recordChange(tx: Executor, change: Change): Promise<void> {
  await recordChanges(tx, change.actor, [change]);
}
