"use client";

import { Button } from "@/components/ui/button";

export default function PortalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section
      aria-labelledby="error-title"
      className="rounded-xl border border-red-200 bg-white p-6"
    >
      <h1 id="error-title" className="text-xl font-bold">
        This page could not be loaded
      </h1>
      <p className="mt-2 text-slate-700">
        Something went wrong on our side. Your account is not affected.
      </p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </section>
  );
}
