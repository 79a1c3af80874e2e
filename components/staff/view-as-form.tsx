"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { type ViewAsState, viewAsCustomer } from "@/lib/auth/impersonation-actions";

/** Starting a support session needs a reason, which goes into the access audit. */
export function ViewAsForm({
  customerId,
  disabled,
  meters = [],
  open,
}: {
  customerId: string;
  disabled?: boolean;
  /** Meters the view may open on, as the customer sees them; the dashboard otherwise. */
  meters?: { meterId: string; label: string }[];
  /** The meter chosen beforehand (from the customer's usage list). */
  open?: string;
}) {
  const [state, action, pending] = useActionState<ViewAsState, FormData>(viewAsCustomer, {});
  const id = useId();
  const chosen = meters.some((m) => m.meterId === open) ? `/meters/${open}` : "/";
  return (
    <form action={action} noValidate className="space-y-2" aria-label="View as customer">
      <input type="hidden" name="customerId" value={customerId} />
      <label htmlFor={id} className="block text-sm font-medium">
        Reason for viewing (recorded)
      </label>
      <textarea
        id={id}
        name="reason"
        required
        minLength={10}
        maxLength={500}
        rows={2}
        disabled={disabled}
        aria-invalid={state.error ? true : undefined}
        aria-describedby={state.error ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-400 p-2 text-base"
      />
      {meters.length ? (
        <label className="block text-sm font-medium">
          Open on
          <select
            // A meter chosen from the usage list after the form was shown replaces the choice.
            key={chosen}
            name="next"
            defaultValue={chosen}
            disabled={disabled}
            className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 px-2 text-base"
          >
            <option value="/">The customer’s dashboard</option>
            {meters.map((m) => (
              <option key={m.meterId} value={`/meters/${m.meterId}`}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {state.error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || disabled}>
        View as customer (read-only, 30 minutes)
      </Button>
    </form>
  );
}
