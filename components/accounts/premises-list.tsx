"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useReadOnly } from "@/components/providers";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { apiFetch } from "@/lib/api-client";
import { meterTypeName } from "@/lib/format";
import type { AccountDetail } from "@/lib/schemas/types";

type Premise = AccountDetail["premises"][number];

function address(p: Premise) {
  return [p.unit, p.street, p.city, [p.state, p.zip].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
}

/** Premises with their meters; the primary premise can be changed, optimistically. */
export function PremisesList({
  premises: initial,
  canManage,
  canSeeUsage,
}: {
  premises: Premise[];
  canManage: boolean;
  canSeeUsage: boolean;
}) {
  const readOnly = useReadOnly();
  const toast = useToast();
  const [premises, setPremises] = useState(initial);

  const makePrimary = useMutation({
    mutationFn: (premiseId: string) =>
      apiFetch(`/api/premises/${premiseId}/set-primary`, { method: "POST" }),
    onMutate: (premiseId) => {
      const previous = premises;
      setPremises((list) => list.map((p) => ({ ...p, isPrimary: p.premiseId === premiseId })));
      return { previous };
    },
    onError: (error, _id, context) => {
      if (context) setPremises(context.previous);
      toast("error", `The primary premise was not changed: ${error.message}`);
    },
    onSuccess: () => toast("success", "Primary premise updated."),
  });

  return (
    <ul className="space-y-4">
      {premises.map((p) => (
        <li
          key={p.premiseId}
          className="rounded-lg border border-slate-200 p-4"
          data-testid="premise"
        >
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <p className="font-medium">{address(p)}</p>
              {p.isPrimary ? <Badge tone="success">Primary premise</Badge> : null}
            </div>
            {canManage && !readOnly && !p.isPrimary ? (
              <Button
                variant="secondary"
                onClick={() => makePrimary.mutate(p.premiseId)}
                disabled={makePrimary.isPending}
                aria-label={`Make ${address(p)} the primary premise`}
              >
                Make primary
              </Button>
            ) : null}
          </div>
          {p.meters.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No meters at this premise.</p>
          ) : (
            <ul className="mt-3 divide-y divide-slate-100 text-sm">
              {p.meters.map((m) => (
                <li
                  key={m.meterId}
                  className="flex flex-wrap items-center justify-between gap-2 py-2"
                >
                  <span>
                    <span className="font-medium">{meterTypeName(m.type)}</span> meter{" "}
                    {m.meterNumber}
                    {m.isSmart ? " · smart" : ""}
                    {m.status !== "active" ? ` · ${m.status}` : ""}
                  </span>
                  {canSeeUsage ? (
                    <Link
                      href={`/meters/${m.meterId}`}
                      className="font-medium text-brand-700 underline"
                    >
                      Usage history<span className="sr-only"> for meter {m.meterNumber}</span>
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
