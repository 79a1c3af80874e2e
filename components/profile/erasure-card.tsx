"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { useToast } from "@/components/ui/toast";
import { apiFetch } from "@/lib/api-client";
import { formatInstant } from "@/lib/format";
import type { ErasureRequestView } from "@/lib/schemas/types";

const day = (instant: string) => formatInstant(instant, "UTC", null, { dateStyle: "long" });

/**
 * The right to erasure: the customer asks, confirms, and sees the request pending until an
 * administrator completes or declines it. Support staff viewing the portal cannot ask.
 */
export function ErasureCard({
  initial,
  canAsk,
}: {
  initial: ErasureRequestView | null;
  canAsk: boolean;
}) {
  const toast = useToast();
  const [request, setRequest] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const ask = useMutation({
    mutationFn: () =>
      apiFetch<{ request: ErasureRequestView }>("/api/customer/erasure-request", {
        method: "POST",
      }),
    onSuccess: ({ request: created }) => {
      setRequest(created);
      setConfirming(false);
      toast("success", "Your erasure request was sent.");
    },
    onError: (error) => toast("error", `Your request was not sent: ${error.message}`),
  });
  const pending = request?.status === "requested";

  return (
    <Card aria-labelledby="erasure-title" className="mt-6">
      <CardTitle id="erasure-title">Erase your personal data</CardTitle>
      <div className="space-y-3 text-sm text-slate-700" aria-live="polite">
        {pending ? (
          <p data-testid="erasure-status">
            We received your request on {day(request.requestedAt)}. It is pending: an administrator
            will erase your data, or tell you why it cannot be erased yet.
          </p>
        ) : (
          <>
            {request?.status === "declined" ? (
              <p data-testid="erasure-status">
                Your request of {day(request.requestedAt)} was declined: {request.declineReason}
              </p>
            ) : null}
            <p>
              You can ask us to erase your name and contact details. Bills and payments are kept as
              the law requires, without your personal data. You cannot sign in afterwards.
            </p>
            {!canAsk ? (
              <p>Erasure cannot be requested in a read-only session.</p>
            ) : confirming ? (
              <div className="space-y-2 rounded-md border border-red-200 bg-red-50 p-3">
                <p className="font-medium text-red-900">
                  Are you sure? Once an administrator completes it, this cannot be undone.
                </p>
                <div className="flex flex-wrap gap-2">
                  <Button onClick={() => ask.mutate()} disabled={ask.isPending}>
                    Yes, ask for erasure
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(false)}>
                    Cancel
                  </Button>
                </div>
              </div>
            ) : (
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                Ask us to erase my data
              </Button>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
