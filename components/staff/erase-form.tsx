"use client";

import { useActionState, useId } from "react";
import {
  type EraseState,
  eraseCustomerAction,
} from "@/app/(staff)/staff/(console)/customers/[customerId]/actions";
import { Button } from "@/components/ui/button";
import { IdempotencyKeyField } from "@/components/ui/idempotency-key-field";

/** Erasure cannot be undone, so it asks for the word ERASE to be typed. */
export function EraseForm({ customerId }: { customerId: string }) {
  const [state, action, pending] = useActionState<EraseState, FormData>(eraseCustomerAction, {});
  const id = useId();
  if (state.done) return <p role="status">The customer has been erased.</p>;
  return (
    <form action={action} noValidate className="space-y-2" aria-label="Erase customer">
      <IdempotencyKeyField answer={state} />
      <input type="hidden" name="customerId" value={customerId} />
      <label htmlFor={id} className="block text-sm font-medium">
        Type ERASE to remove this customer's personal data for good
      </label>
      <input
        id={id}
        name="confirm"
        autoComplete="off"
        className="block min-h-11 w-48 rounded-md border border-slate-400 px-3"
      />
      {state.error ? <p className="text-sm text-red-700">{state.error}</p> : null}
      <Button type="submit" variant="secondary" disabled={pending}>
        Erase customer
      </Button>
    </form>
  );
}
