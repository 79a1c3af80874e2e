"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { IdempotencyKeyField } from "@/components/ui/idempotency-key-field";
import type { AccountRole } from "@/db/schema/accounts";
import { type ActionState, idle } from "@/lib/invites/form-state";
import { roleLabels } from "@/lib/invites/labels";

/** An admin invites someone: account number, role, email. The server sends the email. */
export function InviteForm({
  action,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
}) {
  const [state, submit, pending] = useActionState(action, idle);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={submit} className="grid gap-4 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-end">
      <IdempotencyKeyField answer={state} />
      <TextField
        label="Account number"
        name="accountNumber"
        inputMode="numeric"
        autoComplete="off"
        required
        error={errors.accountNumber}
      />
      <div>
        <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
          Role
        </label>
        <select
          id="invite-role"
          name="role"
          defaultValue="occupier"
          aria-invalid={errors.role ? true : undefined}
          className="mt-1 block min-h-11 w-full rounded-md border border-slate-400 bg-white px-3 text-base"
        >
          {(Object.keys(roleLabels) as AccountRole[]).map((role) => (
            <option key={role} value={role}>
              {roleLabels[role]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="off"
        required
        error={errors.email}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send invitation"}
      </Button>
      <p
        role={state.status === "error" ? "alert" : "status"}
        className={`sm:col-span-4 text-sm ${state.status === "error" ? "text-red-700" : "text-emerald-800"}`}
      >
        {state.status === "idle" ? "" : state.message}
      </p>
    </form>
  );
}
