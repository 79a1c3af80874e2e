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

/**
 * What each integration event may carry. Events name what changed by id, and the names of the
 * fields that changed, never their values: a consumer that needs the rest looks it up. An event
 * that has to carry personal data says so here with `containsPii`; none does today. The
 * InviteCreated event, for one, holds the invite's id, and the mail relay reads the address
 * from the invite.
 */
export const integrationEventSchemas: Record<IntegrationEventType, { containsPii: boolean }> =
  Object.fromEntries(integrationEventTypes.map((type) => [type, { containsPii: false }])) as Record<
    IntegrationEventType,
    { containsPii: boolean }
  >;

/** Keys that hold personal data wherever they appear in a payload (camelCase and snake_case). */
const PERSONAL_KEYS = new Set([
  "email",
  "phone",
  "name",
  "firstName",
  "first_name",
  "lastName",
  "last_name",
  "businessName",
  "business_name",
  "street",
  "unit",
  "address",
  "mailingAddress",
  "mailing_address",
]);

function personalKeyIn(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = personalKeyIn(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!value || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (PERSONAL_KEYS.has(key)) return key;
    const found = personalKeyIn(item);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, before it is written, an event whose schema does not declare personal data but whose
 * payload holds a personal field: a programming error, caught by every test that writes it.
 */
export function assertEventPayload(type: IntegrationEventType, payload: unknown): void {
  if (integrationEventSchemas[type].containsPii) return;
  const key = personalKeyIn(payload);
  if (key) throw new Error(`${type} events carry ids, not personal data: remove "${key}"`);
}

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
