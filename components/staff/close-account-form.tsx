"use client";

import { useActionState } from "react";
import {
  type ConsoleActionState,
  closeAccountAction,
} from "@/app/(staff)/staff/(console)/customers/[customerId]/actions";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { IdempotencyKeyField } from "@/components/ui/idempotency-key-field";

/** Move-out: closes the account as of a date (today when left empty); its history stays. */
export function CloseAccountForm({
  accountId,
  accountNumber,
  customerId,
}: {
  accountId: string;
  accountNumber: string;
  customerId: string;
}) {
  const [state, action, pending] = useActionState<ConsoleActionState, FormData>(
    closeAccountAction,
    {},
  );
  if (state.done) return <p role="status">{state.done}</p>;
  return (
    <form
      action={action}
      noValidate
      className="mt-3 flex flex-wrap items-end gap-3"
      aria-label={`Close account ${accountNumber}`}
    >
      <IdempotencyKeyField answer={state} />
      <input type="hidden" name="accountId" value={accountId} />
      <input type="hidden" name="customerId" value={customerId} />
      <TextField
        label="Move-out date"
        hint="Today when left empty"
        name="closedOn"
        type="date"
        className="w-48"
        error={state.error}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        Close account {accountNumber}
      </Button>
    </form>
  );
}
