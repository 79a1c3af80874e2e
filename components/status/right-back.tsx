"use client";

import { Button } from "@/components/ui/button";

/**
 * What a page shows when it cannot be served, most often because the database is out of reach
 * for a moment: a plain message and a way to try again. The error itself (its message, its
 * stack) stays in the server's log under its digest.
 */
export function RightBack({ reset, digest }: { reset: () => void; digest?: string }) {
  return (
    <section
      aria-labelledby="right-back-title"
      className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-6"
    >
      <h1 id="right-back-title" className="text-xl font-bold">
        We&apos;ll be right back
      </h1>
      <p className="mt-2 text-slate-700">
        This page cannot be loaded just now. Please try again in a moment; your account is not
        affected.
      </p>
      {digest ? <p className="mt-2 text-sm text-slate-600">Reference {digest}</p> : null}
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </section>
  );
}
