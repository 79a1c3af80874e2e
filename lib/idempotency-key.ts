/** The names an idempotency key travels under, shared by the server and the portal's own forms. */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotency-replayed";
/** The hidden field the portal's forms send their key in (`IdempotencyKeyField`). */
export const IDEMPOTENCY_KEY_FIELD = "idempotencyKey";

/** 1 to 255 printable ASCII characters, not only spaces: a UUID fits. */
export function isIdempotencyKey(value: string): boolean {
  return /^[\x20-\x7e]{1,255}$/.test(value) && value.trim() !== "";
}
