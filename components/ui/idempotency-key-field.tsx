"use client";

import { useEffect, useState } from "react";
import { IDEMPOTENCY_KEY_FIELD, newIdempotencyKey } from "@/lib/idempotency-key";

/**
 * The idempotency key of a form that writes, as a hidden field: one key per filled-in form, so a
 * submission sent twice (a double click, a retry after a lost answer) is applied once and answers
 * the first result. `answer` is the form's last result (its action state): each answer starts a
 * new key, so the next change is a new write. The key is made in the browser once hydrated, so
 * the server's and the browser's renders agree.
 */
export function IdempotencyKeyField({ answer }: { answer: unknown }) {
  const [key, setKey] = useState("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new answer is what asks for a new key
  useEffect(() => setKey(newIdempotencyKey()), [answer]);
  return <input type="hidden" name={IDEMPOTENCY_KEY_FIELD} value={key} />;
}
