/** The names an idempotency key travels under, shared by the server and the portal's own forms. */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotency-replayed";
/** The hidden field the portal's forms send their key in (`IdempotencyKeyField`). */
export const IDEMPOTENCY_KEY_FIELD = "idempotencyKey";

/** 1 to 255 printable ASCII characters, not only spaces: a UUID fits. */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x20-\x7e]{1,255}$/.test(value) && value.trim() !== "";
}

/**
 * A new key: 128 random bits, hex. `crypto.randomUUID` exists only in secure contexts (https or
 * localhost), and a portal opened over plain http elsewhere must still be able to write;
 * `getRandomValues` is there in every context.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
