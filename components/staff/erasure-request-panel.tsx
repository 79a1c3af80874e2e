"use client";

import { useActionState, useId } from "react";
import {
  type ConsoleActionState,
  completeErasureAction,
  declineErasureAction,
} from "@/app/(staff)/staff/(console)/customers/[customerId]/actions";
import { Button } from "@/components/ui/button";
import { IdempotencyKeyField } from "@/components/ui/idempotency-key-field";
import { formatInstant } from "@/lib/format";
import type { ErasureRequestView } from "@/lib/schemas/types";

const at = (instant: string | null) =>
  formatInstant(instant, "UTC", null, { dateStyle: "medium", timeStyle: "short" });

/** A customer's latest erasure request; an admin completes or declines an open one. */
export function ErasureRequestPanel({
  request,
  isAdmin,
}: {
  request: ErasureRequestView;
  isAdmin: boolean;
}) {
  const [completed, complete, completing] = useActionState<ConsoleActionState, FormData>(
    completeErasureAction,
    {},
  );
  const [declined, decline, declining] = useActionState<ConsoleActionState, FormData>(
    declineErasureAction,
    {},
  );
  const reasonId = useId();
  const done = completed.done ?? declined.done;
  const error = completed.error ?? declined.error;

  if (request.status !== "requested") {
    return (
      <div className="space-y-2" data-testid="erasure-request">
        {done ? <p role="status">{done}</p> : null}
        <p>
          Erasure requested {at(request.requestedAt)}: {request.status} {at(request.resolvedAt)}
          {request.declineReason ? ` (“${request.declineReason}”)` : ""}.
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-3" data-testid="erasure-request">
      <p className="font-medium">
        The customer asked for erasure on {at(request.requestedAt)}; the request is open.
      </p>
      {done ? <p role="status">{done}</p> : null}
      {error ? (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      ) : null}
      {isAdmin && !done ? (
        <div className="flex flex-wrap items-start gap-6">
          <form action={complete} aria-label="Complete erasure request">
            <IdempotencyKeyField answer={completed} />
            <input type="hidden" name="requestId" value={request.requestId} />
            <Button type="submit" disabled={completing}>
              Complete: erase the customer
            </Button>
          </form>
          <form
            action={decline}
            noValidate
            className="space-y-2"
            aria-label="Decline erasure request"
          >
            <IdempotencyKeyField answer={declined} />
            <input type="hidden" name="requestId" value={request.requestId} />
            <label htmlFor={reasonId} className="block text-sm font-medium">
              Reason for declining (shown to the customer)
            </label>
            <textarea
              id={reasonId}
              name="reason"
              required
              minLength={5}
              maxLength={500}
              rows={2}
              className="block w-72 rounded-md border border-slate-400 p-2 text-base"
            />
            <Button type="submit" variant="secondary" disabled={declining}>
              Decline
            </Button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
