"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { IdempotencyKeyField } from "@/components/ui/idempotency-key-field";
import { type ActionState, idle } from "@/lib/invites/form-state";

/** One admin action on a row of the invites table, with its outcome announced beside it. */
export function InviteActionButton({
  action,
  name,
  value,
  label,
  accessibleLabel,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  name: string;
  value: string;
  label: string;
  accessibleLabel: string;
}) {
  const [state, submit, pending] = useActionState(action, idle);
  return (
    <form action={submit} className="inline-flex items-center gap-2">
      <IdempotencyKeyField answer={state} />
      <input type="hidden" name={name} value={value} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={accessibleLabel}>
        {label}
      </Button>
      {state.status === "error" ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
